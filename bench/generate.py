"""Generate N synthetic journey maps twice: for the cjm plugin, and as hand-written pages.

    python bench/generate.py 1000            # -> bench/work/n1000/{plugin,plain}/

``plugin/`` holds ``maps/*.md`` and ``maps/personas/*.md`` in the contract format
(``/work/shared/journey-map-format.md``) and a ``mkdocs.yml`` with
``plugins: [search, cjm]``. ``plain/`` holds the same visible content written by
hand as Markdown pages in ``docs/`` (facts list, a ```mermaid journey fence, the
stage table as a Markdown table, persona links, the body; persona pages; the maps,
personas, touchpoints, backlog and reviews index pages) with an explicit ``nav:``
in sections of 50 — the fastest plain configuration. Both use Material with
``navigation.sections`` + ``navigation.prune`` and the search plugin.

The content is deterministic (seeded), so every run builds the same sites.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
GROUP = 50

TYPES = ["current-state", "future-state", "day-in-the-life", "service-blueprint"]
TYPE_LABEL = {"current-state": "Current state", "future-state": "Future state",
              "day-in-the-life": "Day in the life", "service-blueprint": "Service blueprint"}
STATUSES = ["draft", "review", "published", "published", "archived"]
WORDS = ("order lunch menu delivery office price review search app payment plan weekly "
         "subscribe healthy catering courier pause support website onboarding account invoice "
         "refund feedback survey loyalty coupon kitchen driver route schedule calendar").split()
TOUCHPOINTS = ["Website", "Mobile app", "WhatsApp", "Instagram", "Google search", "Google Maps",
               "Email", "Call centre", "Courier", "Invoice", "Menu page", "Pricing page",
               "TikTok", "Newsletter", "Help centre", "Checkout", "Push notification", "SMS"]
STAGES = ["Awareness", "Consideration", "Decision", "Purchase", "Delivery", "Use", "Support",
          "Renewal"]
OWNERS = ["Growth team", "CX team", "Product team", "Marketing", "Operations", "Finance"]

PLUGIN_YML = """\
site_name: Bench handbook
site_url: http://127.0.0.1/
theme:
  name: material
  features:
    - navigation.sections
    - navigation.prune
plugins:
  - search
  - cjm
markdown_extensions:
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

PLAIN_YML_HEAD = PLUGIN_YML.replace("  - cjm\n", "")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def make_personas(count: int, rng: random.Random) -> list[dict]:
    people = []
    for i in range(count):
        people.append({
            "id": f"p{i:04d}",
            "name": f"Persona {i:04d}, the {rng.choice(WORDS)} {rng.choice(WORDS)}er",
            "role": sentence(rng, 4),
            "goals": [sentence(rng, 5) for _ in range(2)],
            "frustrations": [sentence(rng, 6) for _ in range(2)],
            "channels": rng.sample(TOUCHPOINTS, 3),
            "quote": sentence(rng, 8),
            "body": "\n\n".join(sentence(rng, 30) + "." for _ in range(2)),
        })
    return people


def make_maps(count: int, personas: list[dict], rng: random.Random) -> list[dict]:
    maps = []
    for i in range(count):
        kind = TYPES[i % 4]
        persona = personas[i % len(personas)]
        stages = []
        for s in rng.sample(STAGES, 4):
            steps = []
            for _ in range(rng.randint(2, 3)):
                steps.append({
                    "name": sentence(rng, 5),
                    "score": rng.randint(1, 5),
                    "thinking": sentence(rng, 8),
                    "touchpoints": rng.sample(TOUCHPOINTS, 2),
                    "pain_points": [sentence(rng, 7)],
                    "opportunities": [sentence(rng, 6)],
                })
            stages.append({"name": s, "description": sentence(rng, 6), "steps": steps})
        m = {
            "id": f"m{i:05d}",
            "title": f"Journey {i:05d} {sentence(rng, 2).lower()} — {TYPE_LABEL[kind].lower()}",
            "type": kind,
            "persona": persona["id"],
            "goal": sentence(rng, 10),
            "owner": rng.choice(OWNERS),
            "status": rng.choice(STATUSES),
            "updated": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "tags": rng.sample(WORDS, 2),
            "stages": stages,
            "body": "## Notes\n\n" + "\n\n".join(sentence(rng, 40) + "." for _ in range(3)),
        }
        # every current-state map is compared with the future-state map after it
        if kind == "current-state" and i + 1 < count:
            m["compares"] = f"m{i + 1:05d}"
        maps.append(m)
    return maps


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(items: list[str]) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


# -- the plugin's sources ------------------------------------------------------------------
def map_source(m: dict) -> str:
    out = ["---", f"title: {q(m['title'])}", f"type: {m['type']}", f"persona: {m['persona']}",
           f"goal: {q(m['goal'])}", f"owner: {q(m['owner'])}", f"status: {m['status']}",
           f"updated: {m['updated']}", f"tags: {flow(m['tags'])}"]
    if "compares" in m:
        out.append(f"compares: {m['compares']}")
    out.append("stages:")
    for st in m["stages"]:
        out += [f"  - name: {q(st['name'])}", f"    description: {q(st['description'])}", "    steps:"]
        for sp in st["steps"]:
            out += [f"      - name: {q(sp['name'])}", f"        score: {sp['score']}",
                    f"        thinking: {q(sp['thinking'])}",
                    f"        touchpoints: {flow(sp['touchpoints'])}",
                    f"        pain_points: {flow(sp['pain_points'])}",
                    f"        opportunities: {flow(sp['opportunities'])}"]
    out += ["---", "", m["body"], ""]
    return "\n".join(out)


def persona_source(p: dict) -> str:
    return "\n".join(["---", f"name: {q(p['name'])}", f"role: {q(p['role'])}",
                      f"goals: {flow(p['goals'])}", f"frustrations: {flow(p['frustrations'])}",
                      f"channels: {flow(p['channels'])}", f"quote: {q(p['quote'])}", "---", "",
                      p["body"], ""])


# -- the same content written by hand -------------------------------------------------------
def cell(items: list[str]) -> str:
    return "<br>".join(x.replace("|", "\\|") for x in items)


def map_page(m: dict, people: dict[str, dict], maps: dict[str, dict]) -> str:
    p = people[m["persona"]]
    out = [f"# {m['title']}", "",
           f"- **Type:** {TYPE_LABEL[m['type']]}",
           f"- **Status:** {m['status'].capitalize()}",
           f"- **Persona:** [{p['name']}](../personas/{p['id']}.md)",
           f"- **Owner:** {m['owner']}",
           f"- **Goal:** {m['goal']}",
           f"- **Last review:** {m['updated']}",
           f"- **Tags:** {', '.join(m['tags'])}"]
    if "compares" in m:
        other = maps[m["compares"]]
        out.append(f"- **Compared with:** [{other['title']}]({other['id']}.md)")
    out += ["", "## Journey", "", "```mermaid", "journey", f"  title {m['title']}"]
    for st in m["stages"]:
        out.append(f"  section {st['name']}")
        for sp in st["steps"]:
            out.append(f"    {sp['name']}: {sp['score']}: {p['name'].split(',')[0]}")
    out += ["```", "", "## Stages", "",
            "| | " + " | ".join(st["name"] for st in m["stages"]) + " |",
            "|---|" + "---|" * len(m["stages"]),
            "| Description | " + " | ".join(st["description"] for st in m["stages"]) + " |",
            "| Steps | " + " | ".join(cell([f"{sp['name']} ({sp['score']})" for sp in st["steps"]])
                                      for st in m["stages"]) + " |"]
    for lane, label in [("thinking", "Thinking"), ("touchpoints", "Touchpoints"),
                        ("pain_points", "Pain points"), ("opportunities", "Opportunities")]:
        row = []
        for st in m["stages"]:
            vals = []
            for sp in st["steps"]:
                v = sp[lane]
                vals += v if isinstance(v, list) else [v]
            row.append(cell(vals))
        out.append(f"| {label} | " + " | ".join(row) + " |")
    out += ["", m["body"], ""]
    return "\n".join(out)


def persona_page(p: dict, appears: list[dict]) -> str:
    out = [f"# {p['name']}", "", f"> {p['quote']}", "", f"- **Role:** {p['role']}",
           f"- **Goals:** {'; '.join(p['goals'])}",
           f"- **Frustrations:** {'; '.join(p['frustrations'])}",
           f"- **Channels:** {', '.join(p['channels'])}", "", "## Appears in", ""]
    out += [f"- [{m['title']}](../maps/{m['id']}.md) ({TYPE_LABEL[m['type']]})" for m in appears]
    out += ["", p["body"], ""]
    return "\n".join(out)


def index_pages(maps: list[dict], personas: list[dict]) -> dict[str, str]:
    by_title = sorted(maps, key=lambda m: m["title"].casefold())
    pages = {}
    out = ["# All maps", ""]
    for kind in TYPES:
        out += [f"## {TYPE_LABEL[kind]}", "", "| Map | Persona | Owner | Status | Last review |",
                "|---|---|---|---|---|"]
        out += [f"| [{m['title']}]({m['id']}.md) | {m['persona']} | {m['owner']} | {m['status']} "
                f"| {m['updated']} |" for m in by_title if m["type"] == kind]
        out.append("")
    pages["maps/index.md"] = "\n".join(out)
    count = {p["id"]: 0 for p in personas}
    for m in maps:
        count[m["persona"]] += 1
    out = ["# Personas", "", "| Persona | Role | Maps |", "|---|---|---|"]
    out += [f"| [{p['name']}]({p['id']}.md) | {p['role']} | {count[p['id']]} |"
            for p in sorted(personas, key=lambda p: p["name"].casefold())]
    pages["personas/index.md"] = "\n".join(out) + "\n"
    uses: dict[str, list[str]] = {}
    for m in maps:
        for st in m["stages"]:
            for sp in st["steps"]:
                for t in sp["touchpoints"]:
                    uses.setdefault(t, []).append(f"[{m['title']}](../maps/{m['id']}.md) — {st['name']}")
    out = ["# Touchpoints and channels", ""]
    for t in sorted(uses, key=str.casefold):
        out += [f"## {t}", ""] + [f"- {u}" for u in uses[t]] + [""]
    pages["touchpoints/index.md"] = "\n".join(out)
    out = ["# Backlog", ""]
    for lane, label in [("pain_points", "Pain points"), ("opportunities", "Opportunities")]:
        out += [f"## {label}", "", "| Item | Map | Stage | Step | Owner |", "|---|---|---|---|---|"]
        for m in maps:
            for st in m["stages"]:
                for sp in st["steps"]:
                    for text in sp[lane]:
                        out.append(f"| {text} | [{m['title']}](../maps/{m['id']}.md) | {st['name']} "
                                   f"| {sp['name']} | {m['owner']} |")
        out.append("")
    pages["backlog/index.md"] = "\n".join(out)
    out = ["# Reviews", ""]
    for owner in sorted({m["owner"] for m in maps}):
        out += [f"## {owner}", ""] + [f"- [{m['title']}](../maps/{m['id']}.md) — {m['updated']}"
                                      for m in maps if m["owner"] == owner and m["status"] != "archived"]
        out.append("")
    pages["reviews/index.md"] = "\n".join(out)
    return pages


def short(title: str, width: int = 18) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def chunks(entries: list[tuple[str, str]]) -> list:
    if len(entries) <= GROUP:
        return [{t: u} for t, u in entries]
    return [{f"{short(part[0][0])} – {short(part[-1][0])}": [{t: u} for t, u in part]}
            for part in (entries[i:i + GROUP] for i in range(0, len(entries), GROUP))]


def plain_nav(maps: list[dict], personas: list[dict]) -> list:
    by_title = sorted(maps, key=lambda m: m["title"].casefold())
    section: list = [{"All maps": "maps/index.md"}]
    for kind in TYPES:
        entries = [(m["title"], f"maps/{m['id']}.md") for m in by_title if m["type"] == kind]
        if entries:
            section.append({TYPE_LABEL[kind]: chunks(entries)})
    ppl = [(p["name"], f"personas/{p['id']}.md")
           for p in sorted(personas, key=lambda p: p["name"].casefold())]
    return [{"Home": "index.md"}, {"Maps": section},
            {"Personas": [{"Personas": "personas/index.md"}, *chunks(ppl)]},
            {"Touchpoints": "touchpoints/index.md"}, {"Backlog": "backlog/index.md"},
            {"Reviews": "reviews/index.md"}]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(n: int, root: Path | None = None, *, force: bool = False) -> Path:
    """Write ``root/plugin`` and ``root/plain`` for ``n`` maps; return ``root``."""
    import yaml

    root = root or WORK / f"n{n}"
    stamp = root / ".complete"
    if stamp.exists() and not force:
        return root
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(n)
    personas = make_personas(max(4, n // 20), rng)
    maps = make_maps(n, personas, rng)
    people = {p["id"]: p for p in personas}
    by_id = {m["id"]: m for m in maps}
    home = "# Bench handbook\n\nSynthetic journey maps for the benchmark.\n"

    plugin = root / "plugin"
    write(plugin / "mkdocs.yml", PLUGIN_YML)
    write(plugin / "docs" / "index.md", home)
    for m in maps:
        write(plugin / "maps" / f"{m['id']}.md", map_source(m))
    for p in personas:
        write(plugin / "maps" / "personas" / f"{p['id']}.md", persona_source(p))

    plain = root / "plain"
    nav = yaml.safe_dump({"nav": plain_nav(maps, personas)}, allow_unicode=True, sort_keys=False)
    write(plain / "mkdocs.yml", PLAIN_YML_HEAD + nav)
    write(plain / "docs" / "index.md", home)
    for m in maps:
        write(plain / "docs" / "maps" / f"{m['id']}.md", map_page(m, people, by_id))
    appears: dict[str, list[dict]] = {p["id"]: [] for p in personas}
    for m in maps:
        appears[m["persona"]].append(m)
    for p in personas:
        write(plain / "docs" / "personas" / f"{p['id']}.md", persona_page(p, appears[p["id"]]))
    for uri, text in index_pages(maps, personas).items():
        write(plain / "docs" / uri, text)
    stamp.write_text(f"{n} maps, {len(personas)} personas\n")
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", type=int, nargs="+")
    ap.add_argument("--force", action="store_true", help="regenerate even if present")
    args = ap.parse_args()
    for n in args.sizes:
        print(generate(n, force=args.force))


if __name__ == "__main__":
    main()
