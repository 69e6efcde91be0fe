"""Hostile but valid maps (``tests/hostile/``) and the mistakes contributors make.

The corpus puts HTML, script, ``javascript:`` links, Jinja, Markdown and Mermaid syntax,
newlines, very long texts, emoji, Indonesian, Arabic and CJK text into every field of
maps and personas. Here the built HTML is read (the browser half is in
``tests/browser/test_hostile_browser.py``): every page builds strictly, no script or
markup or live link comes from data, and every text is present as text.

Then: one broken map among many (lenient and strict builds, sources untouched), and an
exact message for each failure mode not already pinned in ``test_check.py``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support import MAP, PERSONA, Build, front, make_project, resolve, run_build, soup, tree_digest

from cjm_plugin.cli import main
from cjm_plugin.core.model.handbook import Handbook, MapDoc, PersonaDoc
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.views.mermaid import escape_label

HOSTILE = Path(__file__).resolve().parent / "hostile"
ON = "2026-11-23"


# -- helpers shared with the browser tests ---------------------------------------------
def build_hostile(dest: Path) -> Build:
    """Copy the corpus to ``dest`` and build it with ``--strict``."""
    project = dest / "hostile"
    shutil.copytree(HOSTILE, project, ignore=shutil.ignore_patterns("site"))
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def hostile_book() -> Handbook:
    book = load_handbook(HOSTILE / "maps", root=HOSTILE)
    assert not book.errors, book.errors
    return book


def norm(text: str) -> str:
    """White space as a reader sees it: any run of white space is one space."""
    return " ".join(text.split())


def map_texts(doc: MapDoc) -> list[str]:
    """Every text of a map that its page's table or facts show."""
    meta = doc.meta
    texts = [meta.title, *meta.tags, *meta.lanes.values()]
    texts += [t for t in (meta.goal, meta.owner) if t]
    for stage in meta.stages:
        texts.append(stage.name)
        texts += [stage.description] if stage.description else []
        texts += [v for values in stage.lanes.values() for v in values]
        for step in stage.steps:
            texts.append(step.name)
            texts += [v for values in step.lanes.values() for v in values]
    return texts


def persona_texts(doc: PersonaDoc) -> list[str]:
    meta = doc.meta
    texts = [*meta.goals, *meta.motivations, *meta.frustrations, *meta.channels]
    return texts + [t for t in (meta.role, meta.quote) if t]


def diagram_labels(doc: MapDoc, book: Handbook) -> list[str]:
    """Stage, step and actor names: what the Mermaid diagram must show."""
    labels = [doc.title]
    for stage in doc.meta.stages:
        if stage.steps:
            labels.append(stage.name)
        for step in stage.steps:
            labels.append(step.name)
            labels += [book.display_name(a) for a in book.actor_ids(doc, step)]
    return labels


def generated_pages(build: Build, book: Handbook) -> list[str]:
    pages = ["maps/", "personas/", "touchpoints/", "backlog/", "reviews/", "tags/", ""]
    pages += [f"maps/{mid}/" for mid in book.maps] + [f"personas/{pid}/" for pid in book.personas]
    return pages


# -- the corpus --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def book() -> Handbook:
    return hostile_book()


def test_corpus_is_valid_and_complete(book: Handbook) -> None:
    assert len(book.maps) == 7 and len(book.personas) == 4
    assert {d.meta.type for d in book.maps.values()} == {
        "current-state", "future-state", "day-in-the-life", "service-blueprint"}
    eve = book.personas["eve"].meta
    assert all("__pwned" in t for t in [eve.name, eve.role, eve.quote, *eve.motivations[:1]])


def test_every_page_has_only_the_themes_scripts(hostile: Build, book: Handbook) -> None:
    def scripts(url: str) -> list[str]:
        return [resolve(url, s["src"]) if s.get("src") else f"inline:{s.get('type') or s.get('id')}"
                for s in soup(hostile, url).find_all("script")]

    plain = scripts("")
    assert any(s.endswith("assets/cjm/diagrams.js") for s in plain)
    for url in generated_pages(hostile, book):
        # The backlog page alone adds its table's script, from the site.
        extra = ["assets/cjm/backlog.js"] if url == "backlog/" else []
        assert sorted(scripts(url)) == sorted(plain + extra), url
        for script in soup(hostile, url).find_all("script"):
            assert "__pwned" not in (script.string or ""), url


def test_no_markup_or_live_link_comes_from_data(hostile: Build, book: Handbook) -> None:
    for url in generated_pages(hostile, book):
        page = soup(hostile, url)
        for el in page.find_all(True):
            on = [a for a in el.attrs if a.lower().startswith("on")]
            assert not on, (url, el.name, on)
            for attr in ("href", "src", "action", "formaction", "data", "xlink:href"):
                value = el.get(attr)
                assert not (isinstance(value, str) and "javascript:" in value.lower()), (url, el)
        article = page.select_one("article")
        if url == "backlog/":  # the page's own filter form and scripts, with fixed contents
            form = article.select_one("form.cjm-filters")
            assert {s.name for s in form.find_all(True)} == {"label", "input", "select", "option", "datalist",
                                                               "button", "p"}
            # The map list and the stage and owner options are filled by the script (as text).
            assert [o.get_text() for o in form.select("option")] == ["All", "Pain point", "Opportunity", "All", "All"]
            assert form.select_one("datalist").contents == []
            form.decompose()
            article.select_one("nav.cjm-pager").decompose()  # its two buttons, fixed texts
            for script in article.select("script"):
                assert script.get_text() == "" and script["src"].startswith("../assets/cjm/"), script
                script.decompose()
        forbidden = ("img, iframe, object, embed, video, audio, source, form, input, button, "
                     "marquee, details, base, meta, link, math, textarea, b, script")
        assert article.select(forbidden) == [], (url, article.select(forbidden)[:3])
        for svg in article.select("svg"):  # only the faces and the emotion curve are SVGs
            assert ("cjm-face" in svg.get("class", []) or
                    svg.find_parent("div", class_="cjm-stage__curve") is not None), url
        assert "root:x:0:0" not in page.get_text(), url  # pymdownx.snippets never ran on data
        assert "evil.example" not in " ".join(
            str(el.get("href", "")) + str(el.get("src", "")) for el in page.find_all(True)), url


def test_generated_links_stay_in_the_site(hostile: Build, book: Handbook) -> None:
    for url in generated_pages(hostile, book):
        for part in soup(hostile, url).select("div.cjm"):
            for a in part.select("a[href]"):
                href = a["href"]
                assert not urlparse(href).scheme, (url, href)
                target = hostile.site / resolve(url, href)
                assert target.is_file() or (target / "index.html").is_file(), (url, href)


def test_every_map_text_is_shown_as_text(hostile: Build, book: Handbook) -> None:
    for mid, doc in book.maps.items():
        page = soup(hostile, f"maps/{mid}/")
        generated = norm(page.select_one("div.cjm-map").get_text(" "))
        for text in map_texts(doc):
            assert norm(text) in generated, (mid, text)
        # The page title, the <title> and the nav show the title as text, once escaped.
        assert page.select_one("h1").get_text() == doc.title
        assert page.title.get_text() == f"{doc.title} - Hostile handbook"
        assert norm(doc.title) in norm(page.select_one("nav.md-nav--primary").get_text(" "))
        # Map tags are shown by Material (tags plugin) as text too.
        assert sorted(t.get_text() for t in page.select(".md-tags .md-tag")) == sorted(doc.meta.tags)


def test_every_persona_text_is_shown_as_text(hostile: Build, book: Handbook) -> None:
    for pid, doc in book.personas.items():
        page = soup(hostile, f"personas/{pid}/")
        generated = norm(page.select_one("div.cjm-persona").get_text(" "))
        for text in persona_texts(doc):
            assert norm(text) in generated, (pid, text)
        assert page.select_one("h1").get_text() == doc.name
    people = norm(soup(hostile, "personas/").select_one("div.cjm").get_text(" "))
    assert all(norm(p.name) in people for p in book.personas.values())


def test_indexes_show_data_as_text(hostile: Build, book: Handbook) -> None:
    maps = norm(soup(hostile, "maps/").select_one("div.cjm").get_text(" "))
    assert all(norm(d.title) in maps for d in book.maps.values())
    touch = norm(soup(hostile, "touchpoints/").select_one("div.cjm").get_text(" "))
    for name in book.touchpoints:
        assert norm(name) in touch, name
    backlog = norm(soup(hostile, "backlog/").select_one("div.cjm").get_text(" "))
    for entry in book.backlog:
        assert norm(entry.text) in backlog, entry.text
    reviews = norm(soup(hostile, "reviews/").select_one("div.cjm").get_text(" "))
    assert norm(book.maps["html-payloads"].meta.owner) in reviews


def test_diagram_text_is_escaped_and_complete(hostile: Build, book: Handbook) -> None:
    for mid, doc in book.maps.items():
        page = soup(hostile, f"maps/{mid}/")
        # A ```mermaid fence in data never becomes a diagram: every one is a row of the
        # generated journey, in one layout or the other.
        pres = page.select("pre.mermaid")
        assert pres and all(pre.find_parent(class_="cjm-diagram__rows") for pre in pres), mid
        for layout in ("wide", "narrow"):
            sources = [pre.get_text() for pre in page.select(f".cjm-diagram__rows--{layout} pre.mermaid")]
            body = "\n".join(source.split("\njourney\n", 1)[1] for source in sources)
            assert "<" not in body and ">" not in body and "&" not in body, mid
            for label in diagram_labels(doc, book)[1:]:
                assert escape_label(label) in body, (mid, layout, label)
        # The title is shown once, as the figure's caption (text, not markup).
        assert page.select_one("figure.cjm-diagram figcaption").get_text() == doc.title, mid


def test_jinja_and_markdown_in_data_stay_literal(hostile: Build) -> None:
    page = soup(hostile, "maps/markdown-jinja/")
    cjm = page.select_one("div.cjm-map")
    text = cjm.get_text(" ")
    assert "{{ 7*7 }}" in text and "{% include 'map.html' %}" in text and "49" not in text
    assert "--8<-- \"/etc/passwd\"" in text
    table = cjm.select_one("div.cjm-grid")
    # Only the generated grid (a table only on paper, cjm-grid__sheet): no Markdown table,
    # emphasis, code, footnote or admonition.
    assert cjm.select("table:not(.cjm-grid__sheet)") == []
    assert table.select("strong, em, code, del, sup, div.admonition, a, table:not(.cjm-grid__sheet)") == []
    # The body is the contributor's Markdown and is rendered as Markdown, but not as Jinja.
    body = page.select_one("article").get_text(" ")
    assert page.select_one("article strong").get_text() == "this is bold"
    assert "{{ 7*7 }} stays as written" in norm(body)


def test_exports_keep_texts_and_disarm_formulas(hostile: Build, book: Handbook) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (hostile.site / "backlog/backlog.csv").read_text(encoding="utf-8"))))
    texts = {r["text"] for r in rows}
    assert "'=HYPERLINK(\"https://evil.example/\",\"click\")" in texts
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts and "'+1+1" in texts and "'-2+3" in texts
    assert not any(r[k][:1] and r[k][:1] in "=+-@" for r in rows for k in r), "a cell is a formula"
    for mid, doc in book.maps.items():
        data = json.loads((hostile.site / f"maps/{mid}.json").read_text(encoding="utf-8"))
        assert data["title"] == doc.title
        assert [s["name"] for s in data["stages"]] == [s.name for s in doc.meta.stages]


def test_search_index_escapes_titles_and_tags(hostile: Build) -> None:
    index = json.loads((hostile.site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for value in [doc["title"], *doc.get("tags", [])]:
            assert "<script" not in value and "<img" not in value, doc["location"]


def test_sources_are_untouched_by_the_build(tmp_path: Path) -> None:
    project = tmp_path / "hostile"
    shutil.copytree(HOSTILE, project)
    before = tree_digest(project / "maps", project / "docs")
    assert run_build(project, "--strict").returncode == 0
    assert tree_digest(project / "maps", project / "docs") == before


# -- one broken map among many -----------------------------------------------------------
BROKEN = MAP.format(title="Broken map", persona="dina").replace("score: 2", "score: 9")
BROKEN_LINE = ("maps/team-b/m07.md:10:16: error: stage 1 'Awareness', step 1 'Searches', score: the emotion score "
               "must be a whole number from 1 (very negative) to 5 (very positive), not 9")


@pytest.fixture
def many(tmp_path: Path) -> Path:
    files = {"maps/personas/dina.md": PERSONA.format(name="Dina")}
    for i in range(12):
        folder = "team-a" if i < 6 else "team-b"
        files[f"maps/{folder}/m{i:02}.md"] = MAP.format(title=f"Map {i:02}", persona="dina")
    files["maps/team-b/m07.md"] = BROKEN
    files["docs/guide.md"] = "# Guide\n\nHand-written.\n"
    return make_project(tmp_path / "p", files)


def test_lenient_build_publishes_the_rest_and_warns(many: Path) -> None:
    before = tree_digest(many / "maps", many / "docs")
    build = run_build(many)
    assert build.returncode == 0, build.log
    assert build.plugin_lines == [
        f"WARNING -  cjm: {BROKEN_LINE}",
        "INFO    -  cjm: 1 error in 1 file; that file is left out of the site (run `cjm check` for the list)"]
    assert "Traceback" not in build.log
    published = sorted(p.parent.name for p in (build.site / "maps").glob("*/index.html"))
    assert published == [f"m{i:02}" for i in range(12) if i != 7]
    assert "Broken map" not in build.page("maps/")
    assert tree_digest(many / "maps", many / "docs") == before


def test_strict_build_fails_naming_file_and_line(many: Path) -> None:
    before = tree_digest(many / "maps", many / "docs")
    build = run_build(many, "--strict")
    assert build.returncode == 1
    # One error, one warning: the summary is not counted, and names no site left out.
    assert build.plugin_lines == [
        f"WARNING -  cjm: {BROKEN_LINE}",
        "INFO    -  cjm: 1 error in 1 file; the strict build fails (run `cjm check` for the list)"]
    assert "Aborted with 1 warnings in strict mode!" in build.log.splitlines()
    assert "left out" not in build.log
    assert "Traceback" not in build.log
    assert tree_digest(many / "maps", many / "docs") == before


def test_maps_inside_docs_are_not_written_to_either(tmp_path: Path) -> None:
    """maps_dir inside docs_dir: the map files are not published as plain pages and the
    build writes nothing next to them."""
    project = make_project(tmp_path / "p", {
        "docs/maps-src/personas/dina.md": PERSONA.format(name="Dina"),
        "docs/maps-src/good.md": MAP.format(title="Good", persona="dina"),
        "docs/maps-src/bad.md": BROKEN,
    }, options={"maps_dir": "docs/maps-src"})
    before = tree_digest(project / "docs")
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert build.plugin_lines == [
        "WARNING -  cjm: " + BROKEN_LINE.replace("maps/team-b/m07.md", "docs/maps-src/bad.md"),
        "INFO    -  cjm: 1 error in 1 file; that file is left out of the site (run `cjm check` for the list)"]
    assert (build.site / "maps/good/index.html").is_file()
    assert not (build.site / "maps-src").exists()
    assert tree_digest(project / "docs") == before


# -- every failure mode a contributor can produce, pinned ---------------------------------
DINA = "---\nname: Dina\n---\n"
STAGES = "stages:\n  - name: A\n    steps:\n      - name: a\n        score: 2\n"


def check(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, list[str]]:
    code = main(["check", str(folder), "--today", ON])
    out, err = capsys.readouterr()
    assert err == "" and "Traceback" not in out
    return code, out.split("\n")[:-1]


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "maps"
    (folder / "personas").mkdir(parents=True)
    (folder / "personas/dina.md").write_text(DINA, encoding="utf-8")
    return folder


def _bomb() -> str:
    lines = ["title: T", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n" + STAGES


SCORE = "the emotion score must be a whole number from 1 (very negative) to 5 (very positive)"
PINNED: dict[str, tuple[str, str, list[str]]] = {
    # name: (file, content, expected lines)
    "map-named-index": ("index.md", front("title: T\n" + STAGES), [
        "maps/index.md:2:1: error: 'index' cannot be a map id: it is the address of the list "
        "of every map; rename the file or set another 'id:'"]),
    "persona-named-index": ("personas/index.md", DINA, [
        "maps/personas/index.md:2:1: error: 'index' cannot be a persona id: it is the address "
        "of the list of every persona; rename the file or set another 'id:'"]),
    "id-with-a-path": ("m.md", front("id: ../../escape\ntitle: T\n" + STAGES), [
        "maps/m.md:2:5: error: id: '../../escape' cannot be a map id: the id is the page's "
        "address, so it must not contain '/' or '\\' nor start with '.'"]),
    "id-set-to-index": ("m.md", front("id: index\ntitle: T\n" + STAGES), [
        "maps/m.md:2:5: error: id: 'index' cannot be a map id: it is the address of the list "
        "of every map; rename the file or set another 'id:'"]),
    "id-as-list": ("m.md", front("id: [a]\ntitle: T\n" + STAGES), [
        "maps/m.md:2:5: error: id: must be a text, not a list"]),
    "folder-named-like-a-map": ("dir.md/", "", [
        "maps/dir.md:1:1: error: this is a folder, not a file; a folder's name must not end in .md"]),
    "broken-symlink": ("link.md@", "", [
        "maps/link.md:1:1: error: the file is a symbolic link; cjm reads only regular files "
        "inside the project: put the file itself here"]),
    "anchor-inside-itself": ("m.md", front("title: &a [*a]\n" + STAGES), [
        "maps/m.md:2:8: error: the front-matter nests more than 100 levels deep (an anchor "
        "'*name' used inside itself?); a map needs far fewer"]),
    "billion-laughs": ("m.md", front(_bomb()), [
        "maps/m.md:3:31: error: the front-matter expands to more than 200000 values (anchors "
        "'*name' repeated inside each other?); write the values out"]),
    "nesting-100000-deep": ("m.md", front("title: " + "[" * 100_000 + "]" * 100_000 + "\n"), [
        "maps/m.md:2:107: error: the front-matter nests more than 100 levels deep; "
        "a map needs far fewer"]),
    "nul-character": ("m.md", front("title: \"a\x00b\"\n" + STAGES), [
        "maps/m.md:2:10: error: invalid YAML: the character U+0000 is not allowed in YAML; "
        "remove it"]),
    "list-as-key": ("m.md", front("? [a, b]\n: c\ntitle: T\n" + STAGES), [
        "maps/m.md:2:3: error: invalid YAML: a key must be a plain text, not a list or a mapping"]),
    "python-tag": ("m.md", front("title: !!python/name:os.system ''\n" + STAGES), [
        "maps/m.md:2:8: error: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'"]),
    "score-infinite": ("m.md", front("title: T\n" + STAGES.replace("score: 2", "score: .inf")), [
        f"maps/m.md:7:16: error: stage 1 'A', step 1 'a', score: {SCORE}, not inf"]),
    "score-empty": ("m.md", front("title: T\n" + STAGES.replace("score: 2", "score:")), [
        f"maps/m.md:7:15: error: stage 1 'A', step 1 'a', score: {SCORE}, not None"]),
    "step-as-text": ("m.md", front("title: T\nstages:\n  - name: A\n    steps:\n      - Searches\n"), [
        "maps/m.md:6:9: error: stage 1 'A', step 1: each step must be a mapping of 'key: value' "
        "lines, not a text"]),
    "lanes-as-list": ("m.md", front("title: T\nlanes: [a, b]\n" + STAGES), [
        "maps/m.md:3:8: error: lanes: 'lanes' must be a mapping of 'key: value' lines, not a list"]),
    "lane-label-empty": ("m.md", front("title: T\nlanes:\n  x: ''\n" + STAGES), [
        "maps/m.md:4:6: error: lanes.x: must not be empty"]),
    "lane-label-missing": ("m.md", front("title: T\nlanes:\n  x:\n" + STAGES), [
        "maps/m.md:4:5: error: lanes.x: must be a text, not empty"]),
    "actors-as-mapping": ("m.md", front("title: T\n" + STAGES + "        actors: {a: b}\n"), [
        "maps/m.md:8:17: error: stage 1 'A', step 1 'a', actors: must be a list (or a single text), "
        "not a mapping"]),
    "tags-as-mapping": ("m.md", front("title: T\ntags: {a: b}\n" + STAGES), [
        "maps/m.md:3:7: error: tags: must be a list (or a single text), not a mapping"]),
    "compares-as-list": ("m.md", front("title: T\ncompares: [a]\n" + STAGES), [
        "maps/m.md:3:11: error: compares: must be a text, not a list"]),
    "review-every-zero": ("m.md", front("title: T\nreview_every: 0\n" + STAGES), [
        "maps/m.md:3:15: error: review_every: must be a number of days (1 or more), or one of "
        "weekly, monthly, quarterly, yearly, not 0"]),
    "updated-as-word": ("m.md", front("title: T\nupdated: yesterday\n" + STAGES), [
        "maps/m.md:3:10: error: updated: 'yesterday' is not a valid date (input is too short); "
        "write it as YYYY-MM-DD, e.g. 2026-10-01"]),
    "updated-without-dashes": ("m.md", front("title: T\nupdated: 20261101\n" + STAGES), [
        "maps/m.md:3:10: error: updated: 20261101 is not a valid date; write it as YYYY-MM-DD, "
        "e.g. 2026-10-01"]),
    "unquoted-colon-in-a-list": ("m.md", front(
        "title: T\ntags: [Ongkos mahal; \"jam: 19.00, tutup\"]\n" + STAGES), [
        "maps/m.md:3:8: error: tags item 1: must be a text, not a mapping"]),
    "line-breaks-in-quoted-key-and-value": ("m.md", front(
        "\"a\\nb\": 1\ntitle: T\ntype: \"x\\u2028y\"\n" + STAGES), [
        "maps/m.md:2:1: error: a\\nb: unknown field 'a\\nb'",
        "maps/m.md:4:7: error: type: 'x\\u2028y' is not a valid type; use one of: "
        "current-state, future-state, day-in-the-life, service-blueprint"]),
    "merge-anchor-left-over": ("m.md", front("base: &b {name: A}\ntitle: T\n" + STAGES), [
        "maps/m.md:2:1: error: base: unknown field 'base'"]),
}


@pytest.mark.parametrize("name", PINNED)
def test_failure_mode_message(maps: Path, capsys, name: str) -> None:
    rel, content, expected = PINNED[name]
    path = maps / rel.rstrip("/@")
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith("/"):
        path.mkdir()
    elif rel.endswith("@"):
        path.symlink_to(maps / "nowhere" / "gone.md")
    else:
        path.write_text(content, encoding="utf-8")
    code, out = check(capsys, Path("maps"))
    assert out[:-1] == expected
    assert code == 1


def test_hostile_yaml_is_located_in_a_build_too(tmp_path: Path) -> None:
    """The plugin reports the same lines; a lenient build still succeeds."""
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/good.md": MAP.format(title="Good", persona="dina"),
        "maps/bomb.md": front(_bomb()),
        "maps/loop.md": front("title: &a [*a]\n" + STAGES),
        "maps/deep.md": front("title: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "maps/index.md": MAP.format(title="Index", persona="dina"),
    })
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    # The same messages as `cjm check` (pinned above), by file.
    assert build.plugin_lines == [
        "WARNING -  cjm: maps/bomb.md:3:31: error: the front-matter expands to more than 200000 values "
        "(anchors '*name' repeated inside each other?); write the values out",
        "WARNING -  cjm: maps/deep.md:2:107: error: the front-matter nests more than 100 levels deep; "
        "a map needs far fewer",
        "WARNING -  cjm: maps/index.md:2:1: error: 'index' cannot be a map id: it is the address of the "
        "list of every map; rename the file or set another 'id:'",
        "WARNING -  cjm: maps/loop.md:2:8: error: the front-matter nests more than 100 levels deep "
        "(an anchor '*name' used inside itself?); a map needs far fewer",
        "INFO    -  cjm: 4 errors in 4 files; those files are left out of the site "
        "(run `cjm check` for the list)"]
    assert (build.site / "maps/good/index.html").is_file()
    assert "Index" not in soup(build, "maps/").select_one("div.cjm").get_text()
