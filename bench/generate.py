"""Generate N synthetic journey maps twice: for the cjm plugin, and as hand-written pages.

    python bench/generate.py 1000            # -> bench/work/n1000/{plugin,plain}/

``plugin/`` holds ``maps/*.md`` and ``maps/personas/*.md`` in the contract format
(``/work/shared/journey-map-format.md``) and a ``mkdocs.yml`` with
``plugins: [search, cjm]``. ``plain/`` holds the same content written by hand as
Markdown pages in ``docs/``: per map the facts list, the Mermaid journey exactly as cjm
writes it (``journey_source``, with its ``%%{init}%%`` theme directive) in a
```` ```mermaid ```` fence inside ``<div data-search-exclude markdown>``, the emotion
curve SVG (``emotion_curve_svg``) pasted in ``<figure class="cjm-curve"
data-search-exclude>``, the stage table as a Markdown table with the same rows
(overview, steps, emotion, every lane the map uses), the current/future comparison as a
Markdown table and a list, the link to ``<id>.json`` and the body; per persona its
fields and the maps it appears in; the maps, personas, touchpoints, backlog (with the
CSV/JSON links) and reviews index pages; and the exports (``backlog/backlog.csv``,
``backlog/backlog.json``, ``maps/<id>.json``, byte for byte cjm's) as static files. The
values (review dates, lane rows, averages) come from the handbook cjm loads, so the two
sites show the same things. ``nav:`` is explicit, in sections of 50 — the fastest plain
configuration. Both use Material with ``navigation.sections`` + ``navigation.prune``,
the search plugin, and the same Markdown extensions (``attr_list`` and ``md_in_html``
included).

The content is deterministic (seeded), so every run builds the same sites.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

try:  # the installed cjm_plugin, or a copy on PYTHONPATH (to measure a given commit)
    import cjm_plugin  # noqa: F401
except ImportError:  # cjm_plugin from this checkout, when run from anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from curve_svg import CurvePoint, emotion_curve_svg  # noqa: E402

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
GROUP = 50
EPOCH = "1795392000"  # 2026-11-23, as run.py and the tests

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
  - cjm:
      draft: true  # drafts published, as the plain site publishes every map
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

#: The plain site needs attr_list and md_in_html (the diagram's fence sits in a
#: ``<div data-search-exclude markdown>``); the plugin site gets them too, so that the
#: two configurations differ only by the ``cjm`` plugin (and the plain one's ``nav:``).
PLAIN_YML_HEAD = PLUGIN_YML.replace(
    "  - cjm:\n      draft: true  # drafts published, as the plain site publishes every map\n", "")


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
# The plain pages are written from the handbook the plugin loads (cjm's own loader and
# views compute the values: review dates, lane rows, comparison averages), so that the
# hand-written page shows what the plugin page shows, only as Markdown. The diagram text
# is cjm's own ``journey_source`` (with its ``%%{init}%%`` theme directive) and the curve
# cjm's former ``emotion_curve_svg`` (bench/curve_svg.py), pasted as a hand-writer would paste them.
def md(text: object) -> str:
    """Text for a Markdown table cell or list item (the bench's words need no more)."""
    return str(text).replace("|", "\\|")


def cell(items: list[str]) -> str:
    return "<br>".join(md(x) for x in items)


def review_text(review, t) -> str:
    if review.status == "overdue":
        return t("overdue_by", days=review.days_overdue)
    if review.status == "due-soon":
        return t("due_in", days=review.days_left)
    if review.status == "unknown":
        return t("never_reviewed")
    return t("up_to_date")


def date_text(value) -> str:
    return value.isoformat() if value else "—"


def people_md(doc, book, prefix: str) -> str:
    return ", ".join(f"[{md(book.display_name(i))}]({prefix}{i}.md)" if i in book.personas
                     else md(book.display_name(i)) for i in doc.meta.persona_ids)


def map_page(doc, book, t, on) -> str:
    from cjm_plugin.core import views
    from cjm_plugin.core.model.reviews import review_state
    from cjm_plugin.core.views.mermaid import journey_source

    meta = doc.meta
    review = review_state(meta, on)
    out = [f"# {doc.title}", "",
           f"- **{t('map_type')}:** {t('type.' + meta.type)}",
           f"- **{t('status')}:** {t('status.' + meta.status)}"]
    if meta.persona_ids:
        label = t("personas") if len(meta.persona_ids) > 1 else t("persona")
        out.append(f"- **{label}:** {people_md(doc, book, '../personas/')}")
    if meta.owner:
        out.append(f"- **{t('owner')}:** {md(meta.owner)}")
    if meta.goal:
        out.append(f"- **{t('goal')}:** {md(meta.goal)}")
    out.append(f"- **{t('last_review')}:** {date_text(review.last) if review.last else t('never_reviewed')}")
    due = f"{date_text(review.due)} ({t('review_every', days=review.every)}) " if review.due else ""
    out.append(f"- **{t('next_review')}:** {due}{review_text(review, t)}")
    other = book.maps.get(meta.compares or "")
    if other:
        out.append(f"- **{t('compares_with')}:** [{md(other.title)}]({other.id}.md)")
    if meta.tags:
        out.append(f"- **{t('tags')}:** {' '.join(md(x) for x in meta.tags)}")

    # the diagram: the exact text cjm would put in the page, in a fence, out of search
    plan = views.diagram_plan(doc, book)
    mermaid = journey_source(doc.title, plan.sections) if plan.sections else ""
    out += ["", f"## {t('journey')}", "",
            '<div class="cjm-diagram" data-search-exclude markdown>', "", "```mermaid",
            mermaid.rstrip("\n"), "```", "", "</div>"]
    # the curve: cjm's SVG pasted as a raw HTML block, out of search
    points = [CurvePoint(stage.name, step.name, step.score) for stage, step in doc.steps()]
    keys = ("score_1", "score_2", "score_3", "score_4", "score_5", "score_of")
    svg = emotion_curve_svg(points, title=f"{t('emotion_curve')}: {doc.title}",
                            labels={k: t(k) for k in keys}, id_prefix=f"cjm-curve-{doc.id}")
    out += ["", f"## {t('emotion_curve')}", "",
            f'<figure class="cjm-curve" data-search-exclude>{svg}</figure>']

    # the stage table: the same rows (overview, steps, emotion, every lane the map uses)
    table = views.stage_table(doc, t)
    out += ["", f"## {t('stage_table')}", "",
            f"| {t('stage')} | " + " | ".join(md(s.name) for s in table.stages) + " |",
            "|---|" + "---|" * len(table.stages)]
    if table.overview_row:
        out.append(f"| {t('overview')} | " + " | ".join(md(s.description or "") for s in table.stages) + " |")
    out.append(f"| {t('steps')} | " + " | ".join(
        cell([f"{s.number}. {s.name} ({t('score_' + str(s.score))}, {t('score_of', score=s.score)})"
              for s in stage.steps]) for stage in table.stages) + " |")
    for lane in table.lanes:
        cells = []
        for stage in table.stages:
            c = next((i for i in stage.items if i.kind == "cell" and i.key == lane.key), None)
            parts = [", ".join(c.stage_values)] if c and c.stage_values else []
            parts += [f"**{step.number}:** {md(', '.join(step.values))}" for step in (c.steps if c else [])]
            cells.append("<br>".join(parts))
        out.append(f"| {md(lane.label)} | " + " | ".join(cells) + " |")

    # the comparison: a Markdown table and a list
    comparison = views.comparison(doc, book)
    if comparison:
        def score(v):
            return "—" if v is None else f"{v:.1f}"

        def change(v):
            return "—" if v is None else f"{v:+.1f}"

        cur, fut = comparison.current, comparison.future
        out += ["", f"## {t('comparison')}", "",
                md(t("comparison_intro", this=meta.title, other=other.title)), "",
                f"| {t('stage')} | [{md(cur.title)}]({cur.id}.md) | [{md(fut.title)}]({fut.id}.md) "
                f"| {t('change')} |", "|---|---|---|---|"]
        for pair in [*comparison.stages]:
            out.append(f"| {md(pair.name)} | {score(pair.current)} | {score(pair.future)} | {change(pair.change)} |")
        o = comparison.overall
        out.append(f"| **{t('whole_journey')}** | {score(o.current)} | {score(o.future)} | {change(o.change)} |")
        out += ["", f"### {t('pain_points_answered')}", ""]
        items = [f"- **{t('answered')}:** {md(text)} *({md(stage)} → {md(', '.join(by))})*"
                 for text, stage, by in ((a.text, a.stage, a.by) for a in comparison.answered)]
        items += [f"- **{t('not_answered')}:** {md(text)} *({md(stage)})*" for text, stage in ((o.text, o.stage) for o in comparison.open)]
        out += items or [t("no_entries")]
    out += ["", f"[{t('export_json')}]({doc.id}.json)", "", doc.body.strip("\n"), ""]
    return "\n".join(out)


def persona_page(persona, book, t) -> str:
    meta = persona.meta
    out = [f"# {persona.name}", ""]
    if meta.quote:
        out += [f"> {md(meta.quote)}", ""]
    if meta.role:
        out.append(f"- **{t('role')}:** {md(meta.role)}")
    for key in ("goals", "motivations", "frustrations", "channels"):
        values = getattr(meta, key, None)
        if values:
            out.append(f"- **{t(key if key != 'channels' else 'lane.channels')}:**")
            out += [f"    - {md(v)}" for v in values]
    out += ["", f"## {t('appears_in')}", ""]
    apps = book.appearances.get(persona.id, [])
    for a in apps:
        extra = f", {t('as_persona').lower()}" if a.is_map_persona else ""
        line = f"- [{md(a.map.title)}](../maps/{a.map.id}.md) ({t('type.' + a.map.meta.type)}{extra})"
        if a.steps:
            line += f"<br>{t('as_actor')}: " + "; ".join(f"{md(s.name)} — {md(p.name)}" for s, p in a.steps)
        out.append(line)
    if not apps:
        out.append(t("no_maps_for_persona"))
    out += ["", persona.body.strip("\n"), ""]
    return "\n".join(out)


def index_pages(book, t, on) -> dict[str, str]:
    from cjm_plugin.core import views
    from cjm_plugin.core.model.model import MAP_TYPES
    from cjm_plugin.core.model.reviews import review_state

    pages = {}
    out = [f"# {t('all_maps')}", ""]
    for map_type in MAP_TYPES:
        docs = sorted((d for d in book.maps.values() if d.meta.type == map_type), key=lambda d: d.title.casefold())
        if not docs:
            continue
        out += [f"## {t('type.' + map_type)}", "",
                f"| {t('title')} | {t('personas')} | {t('owner')} | {t('status')} | {t('last_review')} "
                f"| {t('next_review')} |", "|---|---|---|---|---|---|"]
        for d in docs:
            r = review_state(d.meta, on)
            out.append(f"| [{md(d.title)}]({d.id}.md) | {people_md(d, book, '../personas/')} "
                       f"| {md(d.meta.owner or '')} | {t('status.' + d.meta.status)} | {date_text(r.last)} "
                       f"| {review_text(r, t)} |")
        out.append("")
    pages["maps/index.md"] = "\n".join(out)

    out = [f"# {t('personas')}", "", f"| {t('persona')} | {t('role')} | {t('maps')} |", "|---|---|---|"]
    for p in sorted(book.personas.values(), key=lambda p: p.name.casefold()):
        count = len(book.appearances.get(p.id, []))
        out.append(f"| [{md(p.name)}]({p.id}.md) | {md(p.meta.role or '')} | {t('maps_count', count=count)} |")
    pages["personas/index.md"] = "\n".join(out) + "\n"

    out = [f"# {t('touchpoints')}", "", f"| {t('touchpoints')} | {t('used_in')} |", "|---|---|"]
    for name, uses in book.touchpoints.items():
        items = [f"[{md(e.map.title)}](../maps/{e.map.id}.md) — {md(e.stage.name)}"
                 + (f" — {md(e.step.name)}" if e.step else "") + f" ({t('kind.' + e.lane)})" for e in uses]
        out.append(f"| {md(name)} | " + "<br>".join(items) + " |")
    pages["touchpoints/index.md"] = "\n".join(out) + "\n"

    out = [f"# {t('backlog')}", "",
           f"{t('download')}: [{t('export_csv')}](backlog.csv) · [{t('export_json_short')}](backlog.json)", ""]
    for lane in ("pain_points", "opportunities"):
        entries = [e for e in book.backlog if e.lane == lane]
        out += [f"## {t('lane.' + lane)}", ""]
        if not entries:
            out += [t("no_entries"), ""]
            continue
        out += [f"| {t('kind.' + lane)} | {t('map')} | {t('stage')} | {t('step')} | {t('owner')} |",
                "|---|---|---|---|---|"]
        out += [f"| {md(e.text)} | [{md(e.map.title)}](../maps/{e.map.id}.md) | {md(e.stage.name)} "
                f"| {md(e.step.name) if e.step else '—'} | {md(e.owner or '')} |" for e in entries]
        out.append("")
    pages["backlog/index.md"] = "\n".join(out)

    out = [f"# {t('reviews')}", ""]
    for owner, items in views.reviews_by_owner(book).items():
        out += [f"## {md(owner or t('no_owner'))}", "",
                f"| {t('map')} | {t('last_review')} | {t('next_review')} | {t('status')} |", "|---|---|---|---|"]
        out += [f"| [{md(d.title)}](../maps/{d.id}.md) | {date_text(r.last)} | {date_text(r.due)} "
                f"| {review_text(r, t)} |" for d, r in items]
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
    home = "# Bench handbook\n\nSynthetic journey maps for the benchmark.\n"

    plugin = root / "plugin"
    write(plugin / "mkdocs.yml", PLUGIN_YML)
    write(plugin / "docs" / "index.md", home)
    for m in maps:
        write(plugin / "maps" / f"{m['id']}.md", map_source(m))
    for p in personas:
        write(plugin / "maps" / "personas" / f"{p['id']}.md", persona_source(p))

    # the plain site: the same content, from the handbook the plugin loads (see above)
    from cjm_plugin.core.language.i18n import Labels
    from cjm_plugin.core.model.reviews import today
    from cjm_plugin.core.publishing.site import plan_files
    from cjm_plugin.core.reading.loader import load_handbook

    on = today({"SOURCE_DATE_EPOCH": EPOCH})
    book = load_handbook(plugin / "maps", root=plugin, as_of=on)
    if book.errors:
        raise SystemExit(f"generated maps have errors: {book.errors[:3]}")
    t = Labels("en")
    plain = root / "plain"
    nav = yaml.safe_dump({"nav": plain_nav(maps, personas)}, allow_unicode=True, sort_keys=False)
    write(plain / "mkdocs.yml", PLAIN_YML_HEAD + nav)
    write(plain / "docs" / "index.md", home)
    for doc in book.maps.values():
        write(plain / "docs" / "maps" / f"{doc.id}.md", map_page(doc, book, t, on))
    for persona in book.personas.values():
        write(plain / "docs" / "personas" / f"{persona.id}.md", persona_page(persona, book, t))
    for uri, text in index_pages(book, t, on).items():
        write(plain / "docs" / uri, text)
    for uri, text in plan_files(book).items():  # the exports, as static files
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
