"""The example handbook in a real browser: every generated page, as a reader uses it.

The site is the session's strict build of the repository's example handbook
(``example_build``), served on 127.0.0.1; every request to another host is aborted and
recorded by the harness (``conftest.py``).  What is checked:

* every map page renders its Mermaid journey from the site's own Mermaid (ESM build),
  without "Syntax error", with the title and every stage and step label in full;
* no uncaught page error and no console error on the home page, every map and persona
  page and the five index pages;
* Material's search finds each persona by name;
* a map links to its persona and back; with ``navigation.instant`` the page is swapped
  without a full load and the diagram is mounted again;
* the journey diagram and the map's grid stay legible (WCAG contrast >= 4.5) in the
  light and the dark palette;
* axe-core finds no serious or critical violation in our pages.

Requests that do leave the site come from two features of Material that the example's
``mkdocs.yml`` turns on, not from cjm (see :data:`THEME_HOSTS`); anything else, a CDN
in particular, fails the tests.
"""

from __future__ import annotations

import re
import shutil
from typing import Any
from urllib.parse import urlsplit

import pytest
from support import REPO, run_build, settled

from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.views import MAX_DIAGRAM_STEPS
from cjm_plugin.core.views.mermaid import clean_label

pytestmark = pytest.mark.browser

BOOK = load_handbook(REPO / "maps")
MAP_IDS = sorted(BOOK.maps)
PERSONA_IDS = sorted(BOOK.personas)
INDEXES = ["maps/", "personas/", "touchpoints/", "backlog/", "insights/", "reviews/"]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"

#: Hosts the pages may contact: none. The example's mkdocs.yml sets ``theme.font: false``
#: (Material would load Roboto from Google Fonts) and no ``repo_url`` (Material would ask
#: the GitHub API for the repository's stars); the handbook works with no internet.
THEME_HOSTS: set[str] = set()


# -- helpers ---------------------------------------------------------------------------------

def _watch(page: Any) -> Any:
    """Record console errors *with the URL they are about*, so that the "Failed to load
    resource" of an aborted theme request can be told apart from a real error."""
    page.cjm_console = []
    page.on("console", lambda msg: page.cjm_console.append((msg.text, msg.location.get("url", "")))
            if msg.type == "error" else None)
    return page


def _page(new_page: Any, base_url: str, **options: Any) -> Any:
    page = _watch(new_page(base_url, **options))
    page.set_default_timeout(15000)
    return page


def _assert_clean(page: Any, where: str) -> None:
    """No uncaught error, no console error, nothing fetched from a host but the theme's."""
    assert page.cjm_page_errors == [], f"{where}: uncaught page errors"
    foreign = [u for u in page.cjm_external_requests if urlsplit(u).hostname not in THEME_HOSTS]
    assert foreign == [], f"{where}: requests left the site"
    blocked = set(page.cjm_external_requests)
    errors = [text for text, url in page.cjm_console
              if not (text.startswith("Failed to load resource") and url in blocked)]
    assert errors == [], f"{where}: console errors"
    # Every console error the harness saw is accounted for above.
    assert len(page.cjm_console_errors) == len(page.cjm_console), where


def _open(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")


def _assert_fits(page: Any, where: str) -> None:
    """Nothing widens the page: wide diagrams and tables scroll inside the column."""
    width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= viewport, f"{where}: the page scrolls sideways ({width} > {viewport} px)"


#: The journey's rows shown at the page's width (the other layout is display: none).
_VISIBLE_ROWS_JS = """
  const rows = Array.from(document.querySelectorAll(".cjm-diagram__rows"))
    .filter((r) => getComputedStyle(r).display !== "none");
  const svgs = rows.flatMap((r) => Array.from(r.querySelectorAll("div.mermaid")))
    .map((h) => h.shadowRoot.querySelector("svg"));
"""


def _diagram_labels(page: Any) -> dict[str, Any]:
    """The visible texts of the page's journey diagram (all its rows), by kind."""
    return page.evaluate("""() => {
      %s
      const labels = (kind) => svgs.flatMap((svg) => Array.from(svg.querySelectorAll(`div.${kind} div.label`))
        .map((e) => e.textContent));
      return {
        rows: rows.length,
        title: Array.from(document.querySelectorAll(".cjm-diagram figcaption")).map((e) => e.textContent)
          .concat(svgs.flatMap((svg) => Array.from(svg.querySelectorAll("text:not([class])")).map((e) => e.textContent))),
        sections: labels("journey-section"),
        tasks: labels("task"),
        legend: Array.from(document.querySelectorAll(".cjm-diagram__actor")).map((e) => e.textContent),
        rowLegends: svgs.flatMap((svg) => Array.from(svg.querySelectorAll("text.legend"))).length,
      };
    }""" % _VISIBLE_ROWS_JS)


def _stages(sections: list[str]) -> list[str]:
    """Section labels of the rows, a stage split over rows counted once."""
    return [name for i, name in enumerate(sections) if i == 0 or sections[i - 1] != name]


@pytest.fixture(scope="module")
def site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


# -- every page ------------------------------------------------------------------------------

@pytest.mark.parametrize("map_id", MAP_IDS)
def test_map_page_renders_its_journey(
        new_page: Any, site: str, map_id: str,
        mermaid_svgs: Any, mermaid_syntax_error: Any) -> None:
    doc = BOOK.maps[map_id]
    assert sum(len(s.steps) for s in doc.meta.stages) <= MAX_DIAGRAM_STEPS, "not summarised"
    page = _page(new_page, site)
    scripts: list[tuple[str, int]] = []
    page.on("response", lambda r: scripts.append((r.url, r.status))
            if r.request.resource_type == "script" else None)
    _open(page, f"/maps/{map_id}/")
    # One diagram per row, in both layouts (one of them hidden by the stylesheet).
    svgs = mermaid_svgs(page, expected=2)
    assert len(svgs) == page.locator(".cjm-diagram pre, .cjm-diagram div.mermaid").count()
    assert all(svg["svg"].startswith("<svg") for svg in svgs)
    assert not mermaid_syntax_error(page)
    # Mermaid came from the site itself.
    assert any(urlsplit(u).path.endswith("/assets/cjm/mermaid/mermaid.esm.min.mjs") and s == 200
               for u, s in scripts), scripts

    got = _diagram_labels(page)
    assert got["title"] == [clean_label(doc.title)]
    stages = [clean_label(s.name) for s in doc.meta.stages if s.steps]
    # A step scored per persona is a task per persona ("Pays (Dina)"): one score per task.
    steps = [clean_label(f"{t.name} ({BOOK.short_name(p)})" if t.persona_scores else t.name)
             for s in doc.meta.stages for t in s.steps for p in (t.persona_scores or [None])]
    assert got["rows"] == 1
    assert _stages(got["sections"]) == stages
    assert got["tasks"] == steps
    actors = {clean_label(BOOK.display_name(a))
              for _, step in doc.steps() for a in BOOK.actor_ids(doc, step)}
    # The figure names every actor once, above the rows, which draw no legend of their own.
    assert sorted(" ".join(a.split()) for a in got["legend"]) == sorted(actors), (actors, got["legend"])
    assert got["rowLegends"] == 0

    # The emotion curve is drawn in the grid, each stage's part in the stage's column.
    columns = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-stage"))
      .filter((s) => s.querySelector(".cjm-stage__curve")).map((s) => {
        const name = s.querySelector(".cjm-stage__name").getBoundingClientRect();
        const curve = s.querySelector(".cjm-stage__curve svg").getBoundingClientRect();
        return [name.left, name.right, curve.left, curve.right, curve.height];
      })""")
    assert len(columns) == len(stages), columns
    for left, right, c_left, c_right, height in columns:
        assert abs(left - c_left) <= 1 and abs(right - c_right) <= 1 and height > 20, columns
    _assert_fits(page, map_id)
    _assert_clean(page, map_id)


def test_every_other_page_loads_without_errors(new_page: Any, site: str) -> None:
    page = _page(new_page, site)
    for url in ["/", *(f"/{i}" for i in INDEXES), *(f"/personas/{p}/" for p in PERSONA_IDS)]:
        _open(page, url)
        h1 = page.locator("article h1").first.inner_text()
        assert h1.strip(), url
        _assert_fits(page, url)
        _assert_clean(page, url)


def test_every_page_fits_a_phone_screen(new_page: Any, site: str, mermaid_svgs: Any) -> None:
    page = _page(new_page, site, viewport={"width": 390, "height": 844})
    for url in ["/", *(f"/{i}" for i in INDEXES), *(f"/maps/{m}/" for m in MAP_IDS),
                *(f"/personas/{p}/" for p in PERSONA_IDS)]:
        _open(page, url)
        if url.startswith("/maps/") and url != "/maps/":
            mermaid_svgs(page)
        _assert_fits(page, url)


# -- search and navigation -------------------------------------------------------------------

def test_search_finds_every_persona(new_page: Any, site: str) -> None:
    page = _page(new_page, site)
    _open(page, "/")
    box = page.locator("input.md-search__input")   # in the header at desktop width
    box.click()
    for pid in PERSONA_IDS:
        name = BOOK.personas[pid].name.split(",")[0].split()[-1]   # "Budi", "Rina", ...
        box.fill("")
        box.press_sequentially(name, delay=20)
        page.wait_for_function(
            """(path) => Array.from(document.querySelectorAll(".md-search-result__item a"))
                 .some((a) => new URL(a.href).pathname.endsWith(path))""",
            arg=f"/personas/{pid}/")
    _assert_clean(page, "search")


def _persona_link(page: Any, pid: str) -> Any:
    return page.locator(f".cjm-facts a[href$='personas/{pid}/']").first


def test_map_to_persona_and_back(new_page: Any, site: str, mermaid_svgs: Any) -> None:
    """Plain links work on a site served away from its ``site_url`` (Material then
    leaves instant navigation off: its sitemap's URLs do not match this address)."""
    doc = BOOK.maps["catering-current"]
    pid = doc.meta.persona_ids[0]
    page = _page(new_page, site)
    _open(page, "/maps/catering-current/")
    mermaid_svgs(page)
    _persona_link(page, pid).click()
    page.wait_for_url(f"**/personas/{pid}/")
    assert page.locator("article h1").first.inner_text() == BOOK.personas[pid].name
    page.locator(".cjm-appearances a[href$='maps/catering-current/']").click()
    page.wait_for_url("**/maps/catering-current/")
    assert page.locator("article h1").first.inner_text() == doc.title
    assert len(mermaid_svgs(page, expected=2)) >= 2
    _assert_clean(page, "map -> persona -> map")


@pytest.fixture(scope="module")
def deployed_site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    """The example handbook built for the address it is served at, as `mkdocs serve`
    does and as a deployment at its ``site_url`` is: Material's instant navigation only
    takes over links to URLs in ``sitemap.xml``, which are built from ``site_url``."""
    project = tmp_path_factory.mktemp("deployed")
    for name in ("docs", "maps"):
        shutil.copytree(REPO / name, project / name)
    (project / "site").mkdir()
    base_url = serve_dir(project / "site")
    yml, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {base_url}/",
                         (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert count == 1 and "navigation.instant" in yml
    (project / "mkdocs.yml").write_text(yml, encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return base_url


def test_instant_navigation_map_to_persona_and_back(
        new_page: Any, deployed_site: str, mermaid_svgs: Any) -> None:
    doc = BOOK.maps["catering-current"]
    pid = doc.meta.persona_ids[0]
    page = _page(new_page, deployed_site)
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    _open(page, "/maps/catering-current/")
    mermaid_svgs(page)
    page.evaluate("window.__marker = 1")
    loads.clear()

    _persona_link(page, pid).click()
    page.wait_for_url(f"**/personas/{pid}/")
    page.wait_for_function("(name) => document.querySelector('article h1')?.textContent === name",
                           arg=BOOK.personas[pid].name)
    assert page.evaluate("window.__marker") == 1, "a full page load happened"
    assert page.locator(".cjm-diagram").count() == 0

    page.locator(".cjm-appearances a[href$='maps/catering-current/']").click()
    page.wait_for_url("**/maps/catering-current/")
    page.wait_for_function("(t) => document.querySelector('article h1')?.textContent === t",
                           arg=doc.title)
    assert page.evaluate("window.__marker") == 1, "a full page load happened"
    assert loads == []
    # Instant navigation swapped the content in: Material mounted Mermaid again.
    svgs = mermaid_svgs(page, expected=2)
    assert len(svgs) >= 2
    assert _diagram_labels(page)["tasks"] == [clean_label(t.name) for _, t in doc.steps()]
    _assert_clean(page, "instant navigation")


# -- palettes --------------------------------------------------------------------------------

#: Every text of the journey diagram and of the map's grid: its colour, and the fills of
#: the shapes drawn right under it (a section's or task's box; a grid text's own and its
#: ancestors' backgrounds, the stage column's band, the row labels' tint), as the browser
#: computes them; the page background resolved through a probe element.
_COLOURS_JS = ("""() => {
  const probe = document.createElement("span");
  document.body.appendChild(probe);
  probe.style.color = getComputedStyle(document.body).getPropertyValue("--md-default-bg-color");
  const bg = getComputedStyle(probe).color;
  probe.remove();
  const fill = (e) => getComputedStyle(e).fill;
  ROWS
  // HTML labels in a <foreignObject>; their box is the <rect> before the <switch>.
  const labels = (kind) => svgs.flatMap((svg) => Array.from(svg.querySelectorAll(`div.${kind} div.label`))).map((e) => ({
    kind: `diagram ${kind}`, fg: getComputedStyle(e).color,
    under: Array.from(e.closest("switch").parentElement.querySelectorAll(":scope > rect")).map(fill),
  }));
  const texts = [
    ...Array.from(document.querySelectorAll(".cjm-diagram figcaption"))
      .map((e) => ({ kind: "diagram title", fg: getComputedStyle(e).color, under: [] })),
    ...Array.from(document.querySelectorAll(".cjm-diagram__actor"))
      .map((e) => ({ kind: "diagram legend", fg: getComputedStyle(e).color, under: [] })),
    ...labels("journey-section"),
    ...labels("task"),
  ];
  probe.style.color = getComputedStyle(document.body).getPropertyValue("--md-default-fg-color--lightest");
  document.body.appendChild(probe);
  const tint = getComputedStyle(probe).color;
  probe.remove();
  const bands = Array.from(document.querySelectorAll(".cjm-grid__band"));
  const backgrounds = (e) => {
    const found = [];
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor;
      if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") found.push(c);
      if (c.startsWith("rgb(")) return [found, true];  // opaque: nothing below shows
    }
    return [found, false];
  };
  const kinds = { ".cjm-stage__name": "grid stage name", ".cjm-grid__head": "grid row label",
                  ".cjm-step__name": "grid step", ".cjm-values li": "grid value",
                  ".cjm-step-no": "grid step number", ".cjm-stage__description": "grid description" };
  for (const [selector, kind] of Object.entries(kinds)) {
    for (const e of document.querySelectorAll(`.cjm-grid ${selector}`)) {
      const r = e.getBoundingClientRect();
      const band = bands.find((b) => { const c = b.getBoundingClientRect();
                                      return r.left >= c.left - 1 && r.right <= c.right + 1; });
      const [under, opaque] = backgrounds(e);
      if (band && !opaque) under.push(getComputedStyle(band).backgroundColor);
      if (e.matches(".cjm-grid__head")) under.push(tint);
      texts.push({ kind, fg: getComputedStyle(e).color, under });
    }
  }
  return { scheme: document.body.getAttribute("data-md-color-scheme"), bg,
           bodyBg: getComputedStyle(document.body).backgroundColor, texts };
}""").replace("ROWS", _VISIBLE_ROWS_JS)


def _colours(page: Any) -> dict[str, Any]:
    """The colours once they stop changing (a palette switch may animate)."""
    return settled(page, _COLOURS_JS, tries=20)


def _rgba(css: str) -> tuple[float, float, float, float]:
    if css in ("none", "transparent"):
        return (0.0, 0.0, 0.0, 0.0)
    m = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)", css)
    assert m, f"unexpected colour {css!r}"
    r, g, b = (float(x) for x in m.groups()[:3])
    return (r, g, b, float(m.group(4)) if m.group(4) is not None else 1.0)


def _over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(top)
    return (r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a))


def _luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: str, bg: tuple[float, float, float]) -> float:
    l1, l2 = sorted((_luminance(_over(fg, bg)), _luminance(bg)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def _check_contrast(c: dict[str, Any]) -> dict[str, float]:
    """The lowest contrast of each kind of text against what lies under it."""
    page_bg = _over(c["bg"], (255.0, 255.0, 255.0))
    assert _rgba(c["bodyBg"])[:3] == pytest.approx(page_bg, abs=1), c
    lowest: dict[str, float] = {}
    for text in c["texts"]:
        backgrounds = [_over(box, page_bg) for box in text["under"]] or [page_bg]
        ratio = min(_contrast(text["fg"], b) for b in backgrounds)
        lowest[text["kind"]] = min(ratio, lowest.get(text["kind"], ratio))
    expected = {"diagram title", "diagram legend", "diagram journey-section", "diagram task",
                "grid stage name", "grid row label", "grid step", "grid value",
                "grid step number", "grid description"}
    assert set(lowest) == expected, lowest
    return lowest


def test_diagram_and_grid_are_legible_in_both_palettes(
        new_page: Any, site: str, mermaid_svgs: Any,
        mermaid_syntax_error: Any) -> None:
    page = _page(new_page, site, color_scheme="light")
    _open(page, "/maps/catering-current/")
    mermaid_svgs(page)
    light = _colours(page)
    assert light["scheme"] == "default"

    toggle = page.locator("label[for='__palette_1']")   # "Switch to dark mode"
    assert toggle.is_visible()
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    svgs = mermaid_svgs(page, expected=2)
    assert len(svgs) >= 2 and not mermaid_syntax_error(page)
    dark = _colours(page)
    assert _rgba(dark["bg"]) != _rgba(light["bg"]), "the palette did not change"

    results = {"light": _check_contrast(light), "dark": _check_contrast(dark)}
    poor = {f"{palette}: {kind}": round(ratio, 2) for palette, kinds in results.items()
            for kind, ratio in kinds.items() if ratio < 4.5}
    assert poor == {}, (results, light, dark)

    # and back: the light palette's colours return.
    page.locator("label[for='__palette_0']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert _colours(page) == light
    _assert_clean(page, "palettes")


# -- accessibility ---------------------------------------------------------------------------

def _ignored(rule: str, node: dict[str, Any]) -> bool:
    """Violations in Material's own markup, which cjm cannot change."""
    if rule == "aria-dialog-name" and node["target"] == [".md-search"]:
        # Material's search overlay is role="dialog" without a name.
        return True
    if rule == "color-contrast" and node["target"] == [".md-copyright"]:
        # Material's footer line "Made with Material for MkDocs": #7f7f7f on #171717, 4.47:1.
        return True
    return False


def _axe(page: Any, where: str) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(
        (n) => ({ target: n.target, impact: n.impact, any: n.any, html: n.html,
                  summary: n.failureSummary })) }));
    }""")
    found = []
    for violation in result:
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact in ("serious", "critical") and not _ignored(violation["id"], node):
                found.append(f"{where}: {violation['id']} ({impact}) {node['target']}: "
                             f"{node['html'][:160]} -- {node['summary']}")
    return found


@pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core is not installed (npm ci)")
def test_no_serious_accessibility_violations(new_page: Any, site: str, mermaid_svgs: Any) -> None:
    page = _page(new_page, site, color_scheme="light")
    found: list[str] = []
    for url in ["/maps/catering-current/", "/maps/toys-current/", f"/personas/{PERSONA_IDS[0]}/",
                *(f"/{i}" for i in INDEXES)]:
        _open(page, url)
        if url.startswith("/maps/") and url != "/maps/":
            mermaid_svgs(page)
        found += _axe(page, url)
    # The map page in the dark palette too.
    _open(page, "/maps/catering-current/")
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    mermaid_svgs(page)
    found += _axe(page, "/maps/catering-current/ (dark)")
    assert found == [], "\n".join(found)
