"""A site changes one part of a page by extending the shipped template and
overriding one block, without copying the whole template."""

from __future__ import annotations

from pathlib import Path

from support import MAP, PERSONA, make_project, run_build, soup

#: The site's map.html: the shipped one, with only the exports block replaced.
EXTENDS_MAP = """\
{% extends "cjm/map.html" %}
{% block exports %}<p class="site-exports">Data: <a href="{{ json_href }}">{{ map.title }}</a></p>{% endblock %}
"""


def test_a_site_overrides_one_block_of_the_map_page(tmp_path: Path) -> None:
    files = {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One <b>bold</b>", persona="dina"),
    }
    shipped = run_build(make_project(tmp_path / "shipped", files), "--strict")
    assert shipped.returncode == 0, shipped.log
    project = make_project(tmp_path / "site", {**files, "overrides/map.html": EXTENDS_MAP},
                           options={"templates_dir": "overrides"})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = soup(build, "maps/one/")
    # The block is the site's, its values still escaped.
    assert [str(p) for p in page.select("p.site-exports")] == [
        '<p class="site-exports">Data: <a href="../one.json">One &lt;b&gt;bold&lt;/b&gt;</a></p>']
    assert page.select("p.cjm-exports") == []
    # Everything else is the shipped page: the same facts, grid and diagram.
    before = soup(shipped, "maps/one/")
    for part in (".cjm-facts", ".cjm-grid", ".cjm-diagram"):
        assert str(page.select_one(part)) == str(before.select_one(part)), part
    assert [str(p) for p in before.select("p.cjm-exports")] == [
        '<p class="cjm-exports"><a download="" href="../one.json">This map as JSON</a></p>']


def test_a_site_extends_the_persona_page_and_a_partial(tmp_path: Path) -> None:
    """A page template and a partial are extended the same way; a partial's block is
    overridden in the site's copy of the partial, wherever the partial is included."""
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "overrides/persona.html": '{% extends "cjm/persona.html" %}{% block body %}'
                                  '<p class="site-body">Story of {{ persona.name }}</p>{% endblock %}',
        "overrides/partials/journey_diagram.html":
            '{% extends "cjm/partials/journey_diagram.html" %}{% block diagram_title %}'
            '<figcaption class="site-title">Journey: {{ map.title }}</figcaption>{% endblock %}',
    }, options={"templates_dir": "overrides"})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = soup(build, "personas/dina/")
    assert [p.get_text() for p in page.select("p.site-body")] == ["Story of Dina"]
    assert [a.get_text() for a in page.select(".cjm-appearances a")] == ["One"]
    figure = soup(build, "maps/one/").select_one("figure.cjm-diagram")
    assert [c.get_text() for c in figure.select("figcaption")] == ["Journey: One"]
    assert figure.select("pre.mermaid")
