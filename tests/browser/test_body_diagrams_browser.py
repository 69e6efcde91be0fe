"""A map's own diagram renders whatever its body holds (issue 19): two ``<a id="mermaid">``
in a body made ``window.mermaid`` an HTMLCollection (DOM clobbering) and no diagram on the
page rendered; a body's ``pre.mermaid`` was drawn too. Headless Chromium, see conftest.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import MAP, PERSONA, make_project, run_build  # noqa: E402

pytestmark = [pytest.mark.browser]

CLOBBERING_BODY = """
Notes.

<a id="mermaid">one</a> <a id="mermaid">two</a> <a id="__md_scope">three</a>

<pre class="mermaid">graph TD
A-->B</pre>
"""


def test_the_maps_own_diagram_renders_despite_ids_and_diagrams_in_the_body(
        tmp_path: Path, serve_dir, new_page, mermaid_svgs) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/clobber.md": MAP.format(title="Clobber", persona="dina") + CLOBBERING_BODY})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    base = serve_dir(build.site)
    page = new_page(base)
    page.goto(f"{base}/maps/clobber/")
    svgs = mermaid_svgs(page, expected=1)
    assert all("journey" in s["svg"] for s in svgs), [s["svg"][:200] for s in svgs]
    assert any("Searches" in " ".join(s["texts"]) for s in svgs)
    # The body's diagram stays text; its links are still there.
    assert page.locator("article pre", has_text="A-->B").count() == 1
    assert page.locator("article a#mermaid").count() == 2
    assert page.cjm_page_errors == []
