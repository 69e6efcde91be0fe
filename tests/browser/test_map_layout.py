"""A map page as a reader sees it: the whole journey, readable, on every screen and on paper.

Measured in Chromium on the example handbook and on a generated map of 6 stages and 24
steps with realistic step names (30-60 characters):

* every label of the journey diagram (step and stage texts, the legend, the title) lies
  fully inside the visible area of every element that clips it -- walking up through
  shadow roots (Material puts each diagram in one), an element whose overflow is not
  ``visible`` clips, the SVG itself included -- and inside the window's width;
* its effective font size (computed size x the SVG's scale, i.e. rendered width /
  viewBox width) is at least 10 px, 12 px on a phone;
* at 1400, 1024 and 390 px wide, and printed (print media, A4 landscape's printable
  width); at 390 px the page itself never scrolls sideways;
* the JavaScript a map page transfers (<= 1 MB) and that a page without a diagram loads
  no Mermaid at all; hand-written ```mermaid fences still render; instant navigation
  and the palette toggle keep the diagrams; nothing is fetched off the site;
* rows have no empty band above or below; a map without actors (no legend) shows its
  last step whole; an actor has the same colour in every row; on A4 landscape the rows
  print at 70 %, on A3 at full size.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from support import make_project, run_build

pytestmark = pytest.mark.browser

#: Viewports a reader uses; "print" is A4 landscape (297 mm at 96 dpi = 1123 px) less
#: Chromium's default margins (about 1 cm each side).
SCREENS = {"desktop": (1400, 900), "laptop": (1024, 768), "phone": (390, 844)}
A4_LANDSCAPE_PRINTABLE = 1047
MIN_FONT_PX = 10
#: On a phone the issue asks for 12 px: the narrow rows hold one step each for that.
MIN_PHONE_FONT_PX = 12
MAX_JS_BYTES = 1_000_000

STEP_NAMES = [
    "Searches Google for healthy office catering",
    "Reads a colleague's recommendation in the team chat",
    "Opens the catering website on her phone at lunch",
    "Compares three weekly menus and their prices per portion",
    "Checks whether the kitchen can deliver to her office building",
    "Asks customer service about vegetarian options on WhatsApp",
    "Reads reviews on Google Maps and Instagram",
    "Shows the menu to her manager for approval",
    "Waits two days for the manager's answer",
    "Chooses the five-day plan for her team of eight people",
    "Fills in the order form with delivery times per person",
    "Cannot pay with the company card and calls support",
    "Pays by bank transfer and uploads the receipt",
    "Receives an order confirmation by email the next morning",
    "Gets the first delivery twenty minutes late",
    "Finds one lunch box missing and reports it by phone",
    "Receives a replacement lunch and a discount voucher",
    "Rates the first week in the customer survey",
    "Changes two colleagues' meals to low-carb for next week",
    "Pauses the plan during the public holidays",
    "Forgets to resume the plan and misses a whole week",
    "Gets a friendly reminder and resumes the subscription",
    "Recommends the service to another team on her floor",
    "Renews the plan for three more months with a loyalty discount",
]
assert len(STEP_NAMES) == 24 and all(30 <= len(n) <= 62 for n in STEP_NAMES)
STAGES = ["Awareness", "Consideration", "Decision", "Purchase", "Delivery and first use",
          "Loyalty and renewal"]

LONG_MAP = "---\ntitle: Ordering office lunch for a whole team, from first search to renewal\n" \
    "status: published\npersona: dina\nupdated: 2026-11-01\nstages:\n" + "".join(
        f"  - name: {stage}\n    steps:\n" + "".join(
            f"      - name: \"{STEP_NAMES[i * 4 + j]}\"\n        score: {1 + (i + j * 2) % 5}\n"
            + ("        actors: [dina, Facilities manager]\n" if j == 1 else "")
            + f"        pain_points: [\"Pain {i}.{j}\"]\n"
            for j in range(4))
        for i, stage in enumerate(STAGES)) + "---\nNotes.\n"

PERSONA = "---\nname: Dina, the busy professional\nrole: Office manager\n---\nAbout Dina.\n"

#: No persona and no actors: Mermaid draws no legend (and its own viewBox would cut the
#: last step off).
NO_ACTORS_MAP = """---
title: A quick visit
status: published
updated: 2026-11-01
stages:
  - name: Visit
    steps:
      - name: Walks into the shop without knowing what to order
        score: 3
      - name: Reads the menu board behind the counter
        score: 2
  - name: Leave
    steps:
      - name: Pays by card and leaves with a salad
        score: 4
---
"""

YML = """\
site_name: Layout test
site_url: {base}/
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
plugins:
  - search
  - cjm
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

FENCE_PAGE = """\
# A hand-written diagram

[The long journey](maps/long-journey.md)

```mermaid
flowchart LR
  Search --> Compare --> Order
```
"""

#: Every label of the visible journey rows: its text box against the visible area of
#: every clipping ancestor (through shadow roots) and the window, and its effective size.
_LABELS_JS = """() => {
  const rows = Array.from(document.querySelectorAll(".cjm-diagram__rows"))
    .filter((r) => getComputedStyle(r).display !== "none");
  const parentOf = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const clips = (el) => {
    const found = [];
    for (let a = parentOf(el); a; a = parentOf(a)) {
      // The root's and body's overflow apply to the window (checked on its own below):
      // the page scrolls down, never sideways.
      if (a === document.documentElement || a === document.body) break;
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const r = a.getBoundingClientRect();
        found.push({ what: a.localName + (a.className && a.className.baseVal === undefined ? "." + a.className : ""),
                     left: r.left + a.clientLeft, top: r.top + a.clientTop,
                     right: r.left + a.clientLeft + (a.clientWidth || r.width),
                     bottom: r.top + a.clientTop + (a.clientHeight || r.height),
                     x: s.overflowX, y: s.overflowY });
      }
    }
    return found;
  };
  const textBox = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect();
  };
  const out = [];
  const check = (el, kind, scale) => {
    const b = textBox(el);
    const font = parseFloat(getComputedStyle(el).fontSize) * scale;
    const bad = [];
    if (b.left < -0.5 || b.right > innerWidth + 0.5) bad.push(`outside the window ${innerWidth}`);
    for (const c of clips(el)) {
      const clipsX = c.x !== "visible", clipsY = c.y !== "visible";
      if ((clipsX && (b.left < c.left - 1 || b.right > c.right + 1))
          || (clipsY && (b.top < c.top - 1 || b.bottom > c.bottom + 1))) {
        bad.push(`clipped by ${c.what} [${Math.round(c.left)}, ${Math.round(c.right)}] x [${Math.round(c.top)}, ${Math.round(c.bottom)}]`);
      }
    }
    out.push({ kind, text: el.textContent, font, bad,
               box: [Math.round(b.left), Math.round(b.right), Math.round(b.top), Math.round(b.bottom)] });
  };
  for (const cap of document.querySelectorAll(".cjm-diagram figcaption")) check(cap, "title", 1);
  for (const row of rows) {
    for (const host of row.querySelectorAll("div.mermaid")) {
      const svg = host.shadowRoot.querySelector("svg");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const e of svg.querySelectorAll("div.journey-section div.label")) check(e, "stage", scale);
      for (const e of svg.querySelectorAll("div.task div.label")) check(e, "step", scale);
      for (const e of svg.querySelectorAll("text.legend")) check(e, "legend", scale);
    }
  }
  return { rows: rows.map((r) => r.className), labels: out,
           scrollWidth: document.documentElement.scrollWidth, innerWidth };
}"""


def _page(new_page: Any, base_url: str, **options: Any) -> Any:
    page = new_page(base_url, **options)
    page.set_default_timeout(20000)
    return page


def _open_map(page: Any, url: str, mermaid_svgs: Any) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    mermaid_svgs(page, expected=2, timeout=30000)


def _assert_readable(page: Any, where: str, steps: list[str], stages: list[str], title: str) -> dict:
    got = page.evaluate(_LABELS_JS)
    assert len(got["rows"]) == 1, (where, got["rows"])
    labels = got["labels"]
    problems = [(where, label["kind"], label["text"][:40], label["box"], label["bad"]) for label in labels
                if label["bad"]]
    small = [(where, label["kind"], label["text"][:40], round(label["font"], 1)) for label in labels
             if label["font"] < (MIN_PHONE_FONT_PX if got["innerWidth"] <= 400 else MIN_FONT_PX)]
    assert problems == [], problems[:5]
    assert small == [], small[:5]
    norm = lambda s: " ".join(s.split())  # noqa: E731
    assert [norm(label["text"]) for label in labels if label["kind"] == "step"] == steps, where
    shown_stages = [norm(label["text"]) for label in labels if label["kind"] == "stage"]
    assert [s for i, s in enumerate(shown_stages) if i == 0 or shown_stages[i - 1] != s] == stages, where
    assert [norm(label["text"]) for label in labels if label["kind"] == "title"] == [title], where
    return got


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    """A project with the 24-step map and a hand-written Mermaid fence, built for the
    address it is served at (so that Material's instant navigation takes over links)."""
    root = tmp_path_factory.mktemp("layout")
    (root / "site").mkdir()
    base = serve_dir(root / "site")
    project = make_project(root, {"maps/personas/dina.md": PERSONA, "maps/long-journey.md": LONG_MAP,
                                  "maps/quick-visit.md": NO_ACTORS_MAP, "docs/flow.md": FENCE_PAGE},
                           yml=YML.format(base=base))
    (project / "docs" / "index.md").write_text(
        "# Home\n\nNo diagram here. [Flow](flow.md), [the long journey](maps/long-journey.md)\n",
        encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return base


@pytest.fixture(scope="module")
def example_site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


def _long_map_texts() -> tuple[list[str], list[str], str]:
    return STEP_NAMES, STAGES, "Ordering office lunch for a whole team, from first search to renewal"


def _example_texts(map_id: str) -> tuple[list[str], list[str], str]:
    from support import REPO

    from cjm_plugin.core.reading.loader import load_handbook
    from cjm_plugin.core.views.mermaid import clean_label

    book = load_handbook(REPO / "maps")
    doc = book.maps[map_id]
    # A step scored per persona is a task per persona ("Pays (Dina)"): one score per task.
    return ([clean_label(f"{t.name} ({book.short_name(p)})" if t.persona_scores else t.name)
             for _, t in doc.steps() for p in (t.persona_scores or [None])],
            [clean_label(s.name) for s in doc.meta.stages if s.steps], doc.title)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_long_map_is_readable_whole(new_page: Any, long_site: str, mermaid_svgs: Any, screen: str) -> None:
    width, height = SCREENS[screen]
    page = _page(new_page, long_site, viewport={"width": width, "height": height})
    _open_map(page, "/maps/long-journey/", mermaid_svgs)
    got = _assert_readable(page, screen, *_long_map_texts())
    assert got["scrollWidth"] <= width, (screen, got["scrollWidth"])
    # Rows of stages: several rows, each holding whole stages where they fit.
    hosts = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-diagram__rows"))
        .filter((r) => getComputedStyle(r).display !== "none")[0].querySelectorAll("div.mermaid").length""")
    # (two steps to a phone's row: the rows draw no actor legend)
    assert (hosts == 12) if screen == "phone" else (4 <= hosts <= 12), (screen, hosts)
    # Each row is as tall as its content: no empty band above the stage bars or below the
    # lowest face's place (where the dashed step lines end).
    bands = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-diagram div.mermaid"))
        .filter((h) => h.offsetParent).map((h) => {
          const svg = h.shadowRoot.querySelector("svg");
          const box = svg.getBoundingClientRect();
          const bottom = Math.max(...Array.from(svg.querySelectorAll("line.task-line"))
            .map((l) => l.getBoundingClientRect().bottom));
          const top = Math.min(...Array.from(svg.querySelectorAll("rect.journey-section"))
            .map((r) => r.getBoundingClientRect().top));
          return [top - box.top, box.bottom - bottom];
        })""")
    assert all(0 <= above <= 12 and 0 <= below <= 12 for above, below in bands), (screen, bands)
    assert page.cjm_page_errors == [] and page.cjm_external_requests == []


@pytest.mark.parametrize("screen", list(SCREENS))
def test_map_without_actors_is_readable_whole(new_page: Any, long_site: str, mermaid_svgs: Any,
                                              screen: str) -> None:
    width, height = SCREENS[screen]
    page = _page(new_page, long_site, viewport={"width": width, "height": height})
    _open_map(page, "/maps/quick-visit/", mermaid_svgs)
    steps = ["Walks into the shop without knowing what to order", "Reads the menu board behind the counter",
             "Pays by card and leaves with a salad"]
    got = _assert_readable(page, screen, steps, ["Visit", "Leave"], "A quick visit")
    assert not [label for label in got["labels"] if label["kind"] == "legend"]
    # The last step's box is inside its row's picture too.
    right = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-diagram div.mermaid"))
      .filter((h) => h.offsetParent).map((h) => { const svg = h.shadowRoot.querySelector("svg");
        const boxes = Array.from(svg.querySelectorAll("rect.task")).map((r) => r.getBoundingClientRect().right);
        return svg.getBoundingClientRect().right - Math.max(...boxes); })""")
    assert all(gap >= 0 for gap in right), right


def test_long_map_prints_whole_on_a4_landscape(new_page: Any, long_site: str, mermaid_svgs: Any) -> None:
    page = _page(new_page, long_site, viewport={"width": 1400, "height": 900})
    _open_map(page, "/maps/long-journey/", mermaid_svgs)
    page.set_viewport_size({"width": A4_LANDSCAPE_PRINTABLE, "height": 740})
    page.emulate_media(media="print")
    _assert_readable(page, "print", *_long_map_texts())
    hidden = page.evaluate("""() => [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"]
        .filter((s) => { const e = document.querySelector(s); return e && e.getBoundingClientRect().height > 0
                                                                    && getComputedStyle(e).display !== "none"; })""")
    assert hidden == []
    # The rows take the sheet's width, all at one scale (they were shrunk to 70 %: 45 % of
    # the width for these rows of one stage of four steps, which grow by at most 1.2).
    widths = "() => Array.from(document.querySelectorAll('.cjm-diagram__rows--wide div.mermaid')).map((h) => " \
        "h.shadowRoot.querySelector('svg').getBoundingClientRect().width / h.getBoundingClientRect().width)"
    shares = page.evaluate(widths)
    assert shares and all(abs(share - shares[0]) < 0.01 and share >= 0.75 for share in shares), shares
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    # A3 landscape (420 x 297 mm less 1 cm margins).
    page.set_viewport_size({"width": 1511, "height": 1047})
    _assert_readable(page, "print A3", *_long_map_texts())


@pytest.mark.parametrize("screen", [*SCREENS, "print"])
def test_example_map_is_readable_whole(new_page: Any, example_site: str, mermaid_svgs: Any, screen: str) -> None:
    width, height = SCREENS.get(screen, (A4_LANDSCAPE_PRINTABLE, 740))
    page = _page(new_page, example_site, viewport={"width": width, "height": height})
    for map_id in ("catering-current", "catering-blueprint"):
        if screen == "print":
            page.emulate_media(media="screen")
        _open_map(page, f"/maps/{map_id}/", mermaid_svgs)
        if screen == "print":
            page.emulate_media(media="print")
        got = _assert_readable(page, f"{map_id} {screen}", *_example_texts(map_id))
        if screen != "print":
            assert got["scrollWidth"] <= width, (map_id, screen, got["scrollWidth"])


def _js_bytes(page: Any) -> list[tuple[str, int]]:
    loaded: list[tuple[str, int]] = []

    def on_response(response: Any) -> None:
        kind = response.headers.get("content-type", "")
        if "javascript" in kind or response.url.endswith((".js", ".mjs")):
            loaded.append((urlsplit(response.url).path, len(response.body())))

    page.on("response", on_response)
    return loaded


def test_map_page_loads_at_most_1_mb_of_javascript(new_page: Any, example_site: str, mermaid_svgs: Any) -> None:
    page = _page(new_page, example_site)
    loaded = _js_bytes(page)
    _open_map(page, "/maps/catering-current/", mermaid_svgs)
    page.wait_for_load_state("networkidle")
    total = sum(size for _, size in loaded)
    mermaid = [path for path, _ in loaded if "/assets/cjm/mermaid/" in path]
    assert any(path.endswith("/mermaid.esm.min.mjs") for path in mermaid), loaded
    assert any("/journeyDiagram-" in path for path in mermaid), loaded
    # Only the chunks a journey needs: no other diagram type, no KaTeX, no layout engine.
    assert not [p for p in mermaid if re.search(r"/(flow|sequence|class|gantt|architecture|katex|cytoscape)", p)]
    assert total <= MAX_JS_BYTES, (total, sorted(loaded, key=lambda x: -x[1])[:8])
    assert page.cjm_external_requests == []


@pytest.mark.parametrize("url", ["/", "/personas/", "/maps/", "/backlog/"])
def test_pages_without_a_diagram_load_no_mermaid(new_page: Any, example_site: str, url: str) -> None:
    page = _page(new_page, example_site)
    loaded = _js_bytes(page)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok
    assert page.evaluate("typeof window.mermaid") == "object"  # the stand-in, for Material
    assert [p for p in requested if "mermaid" in p] == [], requested
    assert sum(size for _, size in loaded) < 200_000, loaded


def test_instant_navigation_palette_and_hand_written_diagrams(
        new_page: Any, long_site: str, mermaid_svgs: Any) -> None:
    """Home (no diagram) -> map -> hand-written flowchart, by clicks with instant
    navigation on: every diagram renders from the site, never from a CDN."""
    page = _page(new_page, long_site, viewport={"width": 1400, "height": 900})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("/", wait_until="networkidle")
    assert not [u for u in requested if "mermaid" in u]
    page.evaluate("window.__cjm_marker = 1")

    page.locator("article a[href$='maps/long-journey/']").click()
    page.wait_for_url("**/maps/long-journey/")
    mermaid_svgs(page, expected=2, timeout=30000)
    assert page.evaluate("window.__cjm_marker") == 1, "a full page load happened"
    _assert_readable(page, "after instant navigation", *_long_map_texts())

    # The palette toggle re-colours the rows without rendering them again.
    before = page.evaluate("""() => getComputedStyle(document.querySelector('.cjm-diagram div.mermaid')
        .shadowRoot.querySelector('div.task div.label')).color""")
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_timeout(300)
    after = page.evaluate("""() => getComputedStyle(document.querySelector('.cjm-diagram div.mermaid')
        .shadowRoot.querySelector('div.task div.label')).color""")
    assert before != after
    _assert_readable(page, "dark palette", *_long_map_texts())

    page.locator("a.md-header__button.md-logo").click()   # home, by instant navigation
    page.wait_for_function("() => !document.querySelector('.cjm-diagram')")
    page.locator("article a[href$='flow/']").click()
    page.wait_for_url("**/flow/")
    page.wait_for_function("""() => { const h = document.querySelector("article div.mermaid");
        return h && h.shadowRoot && h.shadowRoot.querySelector("svg g"); }""")
    assert page.evaluate("window.__cjm_marker") == 1, "a full page load happened"
    text = page.evaluate("document.querySelector('article div.mermaid').shadowRoot.textContent")
    assert "Search" in text and "Order" in text
    flow = [u for u in requested if "/flowDiagram-" in u]
    assert flow, "the flowchart's chunk came from the site"
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in requested), \
        [u for u in requested if urlsplit(u).hostname != "127.0.0.1"]
    assert page.cjm_page_errors == [] and page.cjm_external_requests == []



#: Each visible row's legend: actor name -> the fill of its dot.
#: Each row's actor dots (a step's dots name their actor in a <title>): [name, colour].
#: The rows draw no legend; the figure names each actor once, with a dot of its colour.
_LEGENDS_JS = """() => Array.from(document.querySelectorAll(".cjm-diagram__rows"))
  .filter((r) => getComputedStyle(r).display !== "none")
  .flatMap((r) => Array.from(r.querySelectorAll("div.mermaid"))).map((host) => {
    const svg = host.shadowRoot.querySelector("svg");
    return Array.from(svg.querySelectorAll("circle[class^=actor-]"))
      .map((c) => [c.querySelector("title").textContent, getComputedStyle(c).fill]);
  })"""
_FIGURE_LEGEND_JS = """() => Array.from(document.querySelectorAll(".cjm-diagram__actor")).map((a) =>
  [a.textContent, getComputedStyle(a.querySelector(".cjm-diagram__dot")).backgroundColor])"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_an_actor_keeps_its_colour_in_every_row(new_page: Any, example_site: str, mermaid_svgs: Any,
                                                screen: str) -> None:
    width, height = SCREENS[screen]
    page = _page(new_page, example_site, viewport={"width": width, "height": height})
    _open_map(page, "/maps/catering-blueprint/", mermaid_svgs)
    legends = page.evaluate(_LEGENDS_JS)
    colours: dict[str, set[str]] = {}
    for legend in legends:
        for name, fill in legend:
            colours.setdefault(" ".join(name.split()), set()).add(fill.lower())
    assert len(colours) >= 3, legends  # the blueprint has several actors, in different rows
    assert all(len(fills) == 1 for fills in colours.values()), colours
    assert len({next(iter(f)) for f in colours.values()}) == len(colours), colours
    # The figure names each actor once, with the colour of its dots.
    figure = {" ".join(name.split()): fill for name, fill in page.evaluate(_FIGURE_LEGEND_JS)}
    assert figure == {name: next(iter(fills)) for name, fills in colours.items()}
