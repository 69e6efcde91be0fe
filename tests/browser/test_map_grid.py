"""The map's grid in Chromium: every value readable and on screen, on a desktop, a phone
and paper.

Pages: the example handbook's current-state map and service blueprint, and a generated
map of 6 stages and 24 steps with realistic text (30-60 character step names, 2-3 values
per lane; ``grid_support.realistic_map``), plus one of 9 stages (wider than a desktop
column). For every lane value and step name of the grid: its box against the visible
area of every ancestor that clips (``overflow`` other than ``visible``) and against the
window, and its rendered font size:

* 1400 px: the grid is a grid (stages as columns), every text >= 11 px, nothing needs
  sideways scrolling;
* 390 px: stage by stage, every text >= 12 px, ``document.documentElement.scrollWidth``
  <= 390;
* print media on A4 landscape (a window as wide as the paper's printable area): the grid,
  nothing clipped, rows never broken, nothing sticky.

Also: sticky stage names and lane labels, the wide grid's scroll cue, the blueprint's
three lines, drawn faces with words for screen readers.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from grid_support import open_loaded, realistic_map
from support import PERSONA, make_project, run_build

pytestmark = pytest.mark.browser

#: A4 landscape minus the default print margins (10 mm each side), in CSS pixels.
A4_LANDSCAPE = {"width": round((297 - 20) / 25.4 * 96), "height": round((210 - 20) / 25.4 * 96)}
EXAMPLE_PAGES = ["/maps/catering-current/", "/maps/catering-blueprint/"]
GENERATED_PAGES = ["/maps/real/"]


@pytest.fixture(scope="module")
def example(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    project = make_project(tmp_path_factory.mktemp("grid") / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/real.md": realistic_map(6, 24),
        "maps/wide.md": realistic_map(9, 27, title="Nine stages")})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return serve_dir(build.site)


_open = open_loaded


#: Every lane value and step name of the grid: its box, its font size, and the boxes of
#: what may clip it (each ancestor whose overflow is not visible, and the window).
_MEASURE_JS = """() => {
  const out = [];
  const root = document.documentElement;
  for (const e of document.querySelectorAll(".cjm-grid .cjm-values li, .cjm-grid .cjm-step__name")) {
    const r = e.getBoundingClientRect();
    const clips = [];
    for (let a = e.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === "visible" && cs.overflowY === "visible") continue;
      const b = a.getBoundingClientRect();
      const left = b.left + a.clientLeft, top = b.top + a.clientTop;
      clips.push({ what: a.className || a.tagName, left, top,
                   right: left + a.clientWidth, bottom: top + a.clientHeight,
                   x: cs.overflowX, y: cs.overflowY });
    }
    out.push({ text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
               width: r.width, height: r.height, font: parseFloat(getComputedStyle(e).fontSize),
               overflows: e.scrollWidth > e.clientWidth + 1, clips });
  }
  return { texts: out, window: innerWidth, scrollWidth: root.scrollWidth,
           layout: getComputedStyle(document.querySelector(".cjm-grid__body")).display };
}"""


def _measure(page: Any) -> dict[str, Any]:
    return page.evaluate(_MEASURE_JS)


def _assert_readable(m: dict[str, Any], where: str, *, font: float) -> None:
    assert m["texts"], where
    problems = []
    for t in m["texts"]:
        label = f"{where}: {t['text'][:40]!r}"
        if t["width"] <= 0 or t["height"] <= 0:
            problems.append(f"{label} is not drawn")
        if t["font"] < font:
            problems.append(f"{label} is {t['font']} px")
        if t["overflows"]:
            problems.append(f"{label} overflows its own box")
        if t["left"] < -0.5 or t["right"] > m["window"] + 0.5:
            problems.append(f"{label} needs sideways scrolling ({t['left']:.0f}-{t['right']:.0f})")
        for c in t["clips"]:
            if (t["left"] < c["left"] - 0.5 or t["right"] > c["right"] + 0.5
                    or t["top"] < c["top"] - 0.5 or t["bottom"] > c["bottom"] + 0.5):
                problems.append(f"{label} is clipped by {c['what']}")
    assert problems == [], problems[:10]


@pytest.mark.parametrize("url", EXAMPLE_PAGES + GENERATED_PAGES)
def test_desktop_shows_every_value_in_the_grid(new_page: Any, example: str, generated: str,
                                               url: str) -> None:
    base = generated if url in GENERATED_PAGES else example
    page = _open(new_page, base, url, viewport={"width": 1400, "height": 900})
    m = _measure(page)
    assert m["layout"] == "grid", url
    _assert_readable(m, f"{url} at 1400 px", font=11)
    assert m["scrollWidth"] <= 1400
    # Stages are columns: each stage's name, steps, curve and cells share its column.
    columns = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-stage")).map((s) =>
      Array.from(s.children).map((e) => { const r = e.getBoundingClientRect();
                                          return [Math.round(r.left), Math.round(r.right)]; }))""")
    lefts = []
    for parts in columns:
        assert len({tuple(p) for p in parts}) == 1, parts
        lefts.append(parts[0][0])
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), lefts


@pytest.mark.parametrize("url", EXAMPLE_PAGES + GENERATED_PAGES + ["/maps/wide/"])
def test_phone_reads_stage_by_stage(new_page: Any, example: str, generated: str, url: str) -> None:
    base = example if url in EXAMPLE_PAGES else generated
    page = _open(new_page, base, url, viewport={"width": 390, "height": 844})
    m = _measure(page)
    assert m["layout"] == "block", url
    _assert_readable(m, f"{url} at 390 px", font=12)
    assert m["scrollWidth"] <= 390, f"{url}: the page scrolls sideways"
    # Top to bottom: a stage's name, its steps with their faces, its lanes (each named),
    # then the next stage.
    order = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-stage")).map((s) => ({
      name: s.querySelector(".cjm-stage__name").getBoundingClientRect().top,
      steps: Array.from(s.querySelectorAll(".cjm-stage__steps li")).map((li) => [
        li.getBoundingClientRect().top, li.querySelector(".cjm-face").getBoundingClientRect().width]),
      lanes: Array.from(s.querySelectorAll(".cjm-cell__lane")).map((h) => [
        h.getBoundingClientRect().top, parseFloat(getComputedStyle(h).fontSize), h.getBoundingClientRect().width]),
      bottom: s.getBoundingClientRect().bottom,
      top: s.getBoundingClientRect().top }))""")
    for i, stage in enumerate(order):
        tops = [stage["name"], *(t for t, _ in stage["steps"]), *(t for t, _, _ in stage["lanes"])]
        assert tops == sorted(tops), (url, i)
        assert all(width >= 12 for _, width in stage["steps"]), "a face is not drawn"
        assert all(size >= 12 and width > 0 for _, size, width in stage["lanes"]), "a lane is not named"
        if i:
            assert stage["top"] >= order[i - 1]["bottom"], (url, i)


@pytest.mark.parametrize("url", EXAMPLE_PAGES + GENERATED_PAGES)
def test_print_on_a4_landscape_shows_the_whole_grid(new_page: Any, example: str, generated: str,
                                                    url: str) -> None:
    base = generated if url in GENERATED_PAGES else example
    page = _open(new_page, base, url, print_media=True, viewport=A4_LANDSCAPE)
    m = _measure(page)
    assert m["layout"] == "grid", url
    _assert_readable(m, f"{url} printed", font=11)
    styles = page.evaluate("""() => Array.from(document.querySelectorAll(
        ".cjm-grid__body > *, .cjm-stage > *")).map((e) => [getComputedStyle(e).position,
                                                               getComputedStyle(e).breakInside])""")
    assert not {p for p, _ in styles} & {"sticky", "fixed"}, "something stays sticky on paper"
    assert {b for _, b in styles} == {"avoid"}, "a grid row may break across pages"
    # And a real PDF: one page per chunk of rows, every value in its text.
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")


def test_print_of_a_wide_map_goes_stage_by_stage(new_page: Any, generated: str) -> None:
    page = _open(new_page, generated, "/maps/wide/", print_media=True, viewport=A4_LANDSCAPE)
    m = _measure(page)
    assert m["layout"] == "block"
    _assert_readable(m, "wide map printed", font=11)


def test_a_wide_map_scrolls_inside_its_grid_with_a_cue(new_page: Any, generated: str) -> None:
    page = _open(new_page, generated, "/maps/wide/", viewport={"width": 1400, "height": 900})
    m = _measure(page)
    assert m["layout"] == "grid" and m["scrollWidth"] <= 1400
    state = page.evaluate("""() => {
      const grid = document.querySelector(".cjm-grid");
      const box = grid.querySelector(".cjm-grid__scroll");
      const fade = getComputedStyle(grid, "::after");
      return { hint: grid.querySelector(".cjm-grid__hint").textContent,
               scrolls: box.scrollWidth > box.clientWidth, focusable: box.tabIndex === 0,
               fade: fade.content !== "none" && parseFloat(fade.width) > 0 ? fade.backgroundImage : "" };
    }""")
    assert state["hint"] == "This map has 9 stages: scroll the grid sideways to see them all."
    assert state["scrolls"] and state["focusable"]
    assert "gradient" in state["fade"]
    # Scrolled to the end: the lane labels stay on the left, the last stage comes into view.
    before = page.evaluate("""() => document.querySelector(".cjm-grid__head--thinking").getBoundingClientRect().left""")
    page.evaluate("""() => { const b = document.querySelector(".cjm-grid__scroll"); b.scrollLeft = b.scrollWidth; }""")
    after = page.evaluate("""() => {
      const box = document.querySelector(".cjm-grid__scroll").getBoundingClientRect();
      const names = document.querySelectorAll(".cjm-stage__name");
      const last = names[names.length - 1].getBoundingClientRect();
      return { label: document.querySelector(".cjm-grid__head--thinking").getBoundingClientRect().left,
               last: [last.left, last.right], box: [box.left, box.right] };
    }""")
    assert abs(after["label"] - before) <= 1
    assert after["box"][0] <= after["last"][0] and after["last"][1] <= after["box"][1]


def test_stage_names_stay_on_top_while_the_grid_scrolls_by(new_page: Any, generated: str) -> None:
    page = _open(new_page, generated, "/maps/real/", viewport={"width": 1400, "height": 900})
    page.evaluate("""() => { const c = document.querySelector(".cjm-cell--opportunities");
                            window.scrollTo(0, c.getBoundingClientRect().top + scrollY - 300); }""")
    page.wait_for_timeout(200)
    tops = page.evaluate("""() => ({
      header: document.querySelector(".md-header").getBoundingClientRect().bottom,
      names: Array.from(document.querySelectorAll(".cjm-stage__name")).map((e) => e.getBoundingClientRect().top),
      grid: document.querySelector(".cjm-grid__body").getBoundingClientRect().top })""")
    assert tops["grid"] < 0  # the grid's top is scrolled away ...
    for top in tops["names"]:  # ... its stage names are not
        assert abs(top - tops["header"]) <= 2, tops


def test_the_blueprint_draws_three_labelled_lines(new_page: Any, example: str) -> None:
    page = _open(new_page, example, "/maps/catering-blueprint/", viewport={"width": 1400, "height": 900})
    lines = page.evaluate("""() => {
      const top = (sel) => document.querySelector(sel).getBoundingClientRect().top;
      return Array.from(document.querySelectorAll(".cjm-grid__head--line")).map((h) => {
        const r = h.getBoundingClientRect();
        const segments = Array.from(document.querySelectorAll(`.cjm-line--${h.classList[2].split("--")[1]}`))
          .map((s) => { const c = getComputedStyle(s); const b = s.getBoundingClientRect();
                        return [c.borderTopStyle, parseFloat(c.borderTopWidth), b.top, b.width]; });
        return { label: h.textContent, top: r.top, visible: r.width > 0 && r.height > 0, segments,
                 frontstage: top(".cjm-grid__head--frontstage"), backstage: top(".cjm-grid__head--backstage"),
                 support: top(".cjm-grid__head--support"), customer: top(".cjm-grid__head--touchpoints") };
      });
    }""")
    assert [line["label"] for line in lines] == [
        "Line of interaction", "Line of visibility", "Line of internal interaction"]
    interaction, visibility, internal = lines
    assert interaction["customer"] < interaction["top"] < interaction["frontstage"]
    assert interaction["frontstage"] < visibility["top"] < visibility["backstage"]
    assert visibility["backstage"] < internal["top"] < internal["support"]
    for line in lines:
        assert line["visible"]
        assert len(line["segments"]) == 3  # one per stage, drawn across the grid
        for style, width, top, span in line["segments"]:
            assert style == "dashed" and width >= 2 and span > 50
            assert abs(top - line["top"]) <= 1


EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


def test_faces_are_drawn_and_told_in_words(new_page: Any, example: str) -> None:
    page = _open(new_page, example, "/maps/catering-current/", viewport={"width": 1400, "height": 900})
    faces = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-score")).map((s) => {
      const svg = s.querySelector("svg.cjm-face"); const r = svg.getBoundingClientRect();
      return { html: s.innerHTML, w: r.width, h: r.height, hidden: svg.getAttribute("aria-hidden"),
               words: s.querySelector(".cjm-score__text").textContent,
               mouth: svg.querySelector(".cjm-face__mouth").getTotalLength() };
    })""")
    assert len(faces) == 6
    for face in faces:
        assert not EMOJI.search(face["html"])
        assert face["w"] >= 16 and face["h"] >= 16 and face["mouth"] > 5
        assert face["hidden"] == "true"
        assert re.fullmatch(r"(Very negative|Negative|Neutral|Positive|Very positive), [1-5] of 5",
                            face["words"])
    # The words are what assistive technology reads for each step.
    snapshot = page.locator(".cjm-stage__steps").first.aria_snapshot()
    assert "Searches Google for healthy catering" in snapshot and "Negative, 2 of 5" in snapshot
