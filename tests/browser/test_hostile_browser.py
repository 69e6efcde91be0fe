"""The hostile corpus and generated maps in Chromium: nothing from data runs, every
diagram renders whole with every label.

Payloads set ``window.__pwned``; it must stay undefined on every page. Pages are opened
one after another in one browser page, which also records page errors, console errors
and requests that leave 127.0.0.1 (see ``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_plugin.core.reading.source import parse_text
from cjm_plugin.core.views import MAX_DIAGRAM_STEPS
from cjm_plugin.core.views.mermaid import clean_label

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import Build, make_project, run_build  # noqa: E402
from test_hostile import build_hostile, diagram_labels, generated_pages, hostile_book  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("hostile-browser")]

#: JS white space plus Python's: Mermaid may break lines at any of them.
_SPACE = set(" \t\n\r\v\f\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff\u0085\u180e"
             + "".join(chr(c) for c in range(0x2000, 0x200b)))


def squash(text: str) -> str:
    """The text without any white space: labels may be wrapped over several lines."""
    return "".join(ch for ch in text if ch not in _SPACE and not ch.isspace())


def open_page(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    assert page.evaluate("typeof window.__pwned") == "undefined", url


#: The texts of each set of journey rows (wide and narrow), and the figure's caption and
#: actors (named once above the rows, which draw no legend).
_ROW_TEXTS = """() => ({
  caption: Array.from(document.querySelectorAll(".cjm-diagram figcaption, .cjm-diagram__actors"))
    .map((e) => e.textContent).join(" "),
  layouts: Array.from(document.querySelectorAll(".cjm-diagram__rows")).map((rows) =>
    Array.from(rows.querySelectorAll("div.mermaid")).flatMap((host) =>
      Array.from(host.shadowRoot.querySelectorAll("svg text, svg foreignObject div.label"))
        .map((e) => e.textContent)).join(" ")),
})"""


def assert_diagram_has(page: Any, svgs: list[dict[str, Any]], labels: list[str], where: str) -> None:
    """Every label is shown whole in each layout's rows (the title as the caption, the
    actors above the rows)."""
    assert len(svgs) >= 2, where
    got = page.evaluate(_ROW_TEXTS)
    assert len(got["layouts"]) == 2, where
    for layout in got["layouts"]:
        shown = squash(got["caption"] + " " + layout)
        missing = [label for label in labels if squash(clean_label(label)) not in shown]
        assert not missing, (where, missing[:5])


#: Fire the events inline handlers listen to on every element: a handler that
#: slipped through would set ``window.__pwned``.
_POKE = """
(root) => {
  const names = ["mouseover", "mouseenter", "click", "focus", "toggle", "load", "error",
                 "start", "animationstart"];
  const scope = document.querySelector(root) || document.body;
  for (const el of scope.querySelectorAll("*")) {
    if (el.closest("a[href]")) continue;  // never navigate away
    for (const name of names) el.dispatchEvent(new Event(name, { bubbles: false }));
  }
}
"""


def poke(page: Any, root: str = "article") -> None:
    page.evaluate(_POKE, root)


def assert_clean(page: Any) -> None:
    assert (page.cjm_page_errors, page.cjm_external_requests, page.cjm_console_errors) == ([], [], [])


# -- the corpus ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_hostile(tmp_path_factory.mktemp("hostile-browser"))


def test_hostile_pages_render_and_run_nothing(hostile_site: Build, serve_dir, new_page,
                                              mermaid_svgs) -> None:
    book = hostile_book()
    base = serve_dir(hostile_site.site)
    page = new_page(base)
    for url in generated_pages(hostile_site, book):
        open_page(page, f"{base}/{quote(url)}")
        if url.startswith("maps/") and url != "maps/":
            doc = book.maps[url.split("/")[1]]
            svgs = mermaid_svgs(page, expected=2)
            assert "Syntax error" not in svgs[0]["text"], url
            assert_diagram_has(page, svgs, diagram_labels(doc, book), url)
            poke(page)
        assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert_clean(page)


def test_search_results_run_nothing(hostile_site: Build, serve_dir, new_page) -> None:
    base = serve_dir(hostile_site.site)
    page = new_page(base)
    open_page(page, f"{base}/maps/html-payloads/")
    page.evaluate("document.getElementById('__search').checked = true")
    shown: list[str] = []
    for query in ("Checkout", "onerror", "script", "Stage"):
        for _ in range(20):  # the index loads in a worker; retype until it answers
            page.fill("input.md-search__input", "")
            page.focus("input.md-search__input")
            page.keyboard.type(query)
            page.wait_for_timeout(500)
            if page.query_selector(".md-search-result__item"):
                break
        assert page.query_selector(".md-search-result__item"), query
        poke(page, ".md-search-result")
        assert page.evaluate("typeof window.__pwned") == "undefined", query
        shown.append(page.text_content(".md-search-result__list") or "")
    assert "<script>window.__pwned=1</script>" in " ".join(shown)  # shown as text
    assert_clean(page)


# -- generated maps with arbitrary Unicode ----------------------------------------------------
def _valid(text: str) -> bool:
    """Texts a contributor can write: not empty after stripping and written to a YAML
    file they read back unchanged (the model strips surrounding white space)."""
    if not text.strip():
        return False
    src = parse_text("---\n" + yaml.safe_dump({"t": text}, allow_unicode=True) + "---\n", "x.md")
    return not src.problems and src.data == {"t": text}


# Control characters are refused with a located error (tests/test_security.py), so a
# publishable text holds none.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
               max_size=30).filter(_valid)
STEP = st.fixed_dictionaries({
    "name": TEXT, "score": st.integers(1, 5),
    "actors": st.lists(TEXT, min_size=0, max_size=3),
    "thinking": TEXT, "pain_points": st.lists(TEXT, max_size=2),
})
STAGE = st.fixed_dictionaries({"name": TEXT, "steps": st.lists(STEP, min_size=1, max_size=4)})
MAP = st.fixed_dictionaries({
    "title": TEXT, "owner": TEXT, "tags": st.lists(TEXT, max_size=2),
    "stages": st.lists(STAGE, min_size=1, max_size=4),
})


GENERATED_YML = """\
site_name: Generated
theme: {name: material, font: false, features: [navigation.instant]}
plugins: [search, tags, cjm]
"""


@settings(max_examples=3, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@given(maps=st.lists(MAP, min_size=6, max_size=8))
def test_generated_maps_render_every_label(tmp_path_factory, serve_dir, new_page,
                                           mermaid_svgs, maps: list[dict]) -> None:
    files = {}
    for i, data in enumerate(maps):
        data = {**data, "updated": dt.date(2026, 11, 1), "status": "published"}
        files[f"maps/g{i:02}.md"] = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n"
    project = make_project(tmp_path_factory.mktemp("generated"), {}, yml=GENERATED_YML)
    for rel, text in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    base = serve_dir(build.site)
    page = new_page(base)
    for i, data in enumerate(maps):
        open_page(page, f"{base}/maps/g{i:02}/")
        svgs = mermaid_svgs(page, expected=2)
        labels = [data["title"]]
        for stage in data["stages"]:
            labels.append(stage["name"])
            for step in stage["steps"]:
                labels += [step["name"], *step["actors"]]
        assert sum(len(s["steps"]) for s in data["stages"]) <= MAX_DIAGRAM_STEPS
        assert_diagram_has(page, svgs, [label.strip() for label in labels], f"g{i:02}: {data!r}")
    assert_clean(page)
    shutil.rmtree(project, ignore_errors=True)
