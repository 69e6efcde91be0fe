"""`cjm build --engine zensical`: the handbook staged for Zensical equals the MkDocs build.

Real builds: the real `cjm` command runs the real `zensical build` on a copy of the
example handbook (and on small projects), and the sites are read from disk.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from support import (
    FIXED_EPOCH,
    MAP,
    PERSONA,
    REPO,
    Build,
    make_project,
    resolve,
    run_build,
    serving,
    tree_digest,
)

from cjm_plugin.core.publishing.plan import plan_handbook
from cjm_plugin.core.reading.project import load_project
from cjm_plugin.engines import plugin_note
from cjm_plugin.zensical.parallel import staged_pages
from cjm_plugin.zensical.stage import staged_bytes

pytest.importorskip("zensical")


def cjm(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run([sys.executable, "-m", "cjm_plugin.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def exports(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.suffix in (".csv", ".json") and p.parent.name != "search" and p.name != "search.json"}


@pytest.fixture(scope="module")
def zensical_example(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("zexample")
    for name in ("mkdocs.yml", "docs", "maps"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    before = tree_digest(project / "docs", project / "maps")
    out = tmp_path_factory.mktemp("zsite") / "site"
    done = cjm(project, "build", "--engine", "zensical", "--strict", "-d", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    # Nothing written beside the output folder but the stage, which Git ignores.
    assert tree_digest(project / "docs", project / "maps") == before
    assert sorted(p.name for p in project.iterdir()) == [".cjm", "docs", "maps", "mkdocs.yml"]
    return Build(project, out, done.returncode, done.stdout + done.stderr)


def test_the_same_pages_and_exports_as_the_mkdocs_build(example_build: Build, zensical_example: Build) -> None:
    assert pages(zensical_example.site) == pages(example_build.site)
    assert exports(zensical_example.site) == exports(example_build.site)
    assert (zensical_example.site / "assets/cjm/cjm.css").is_file()
    assert (zensical_example.site / "assets/cjm/diagrams.js").is_file()


def test_every_cross_link_of_a_generated_page_resolves(zensical_example: Build) -> None:
    plan = plan_handbook(load_project(zensical_example.project))
    checked = 0
    for page in plan.pages.values():
        html = zensical_example.page(page.url)
        for ref in re.findall(r'href="([^"#:]+)"', html):
            target = resolve(page.url, ref)
            path = zensical_example.site / target
            assert path.is_file() or (path / "index.html").is_file(), (page.url, ref)
            checked += 1
    assert checked > 100


def test_map_pages_carry_the_diagram_grid_and_table_of_contents(zensical_example: Build,
                                                                example_build: Build) -> None:
    for build in (zensical_example, example_build):
        html = build.page("maps/dina-day/")
        assert 'class="mermaid' in html and "cjm-grid" in html
        assert html.count('id="cjm-journey"') == 1
        assert 'id="why-a-day-in-the-life-map"' in html  # the body's own heading
    persona = zensical_example.page("personas/dina/")
    assert 'href="#cjm-appears-in"' in persona or "cjm-appears" in persona


def test_search_finds_a_map_s_pain_point(zensical_example: Build) -> None:
    index = (zensical_example.site / "search.json").read_text(encoding="utf-8")
    assert "Sugar crash at 15:00 after a heavy lunch" in index


def test_drafts_are_left_out_as_in_the_mkdocs_build(tmp_path: Path) -> None:
    draft = MAP.format(title="Secret plan", persona="dina").replace("status: published", "status: draft")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/shown.md": MAP.format(title="Shown", persona="dina"),
        "maps/secret.md": draft,
    })
    mkdocs = run_build(project)
    done = cjm(project, "build", "--engine", "zensical", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "zsite") == pages(mkdocs.site)
    assert (tmp_path / "zsite/maps/shown/index.html").is_file()
    assert not (tmp_path / "zsite/maps/secret").exists()
    assert "1 draft map is not published" in done.stderr


def test_strict_fails_on_a_broken_map_with_the_same_located_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/broken.md": MAP.format(title="Broken", persona="dina").replace("score: 2", "score: 9"),
    })
    mkdocs = run_build(project, "--strict")
    done = cjm(project, "build", "--engine", "zensical", "--strict", "-d", str(tmp_path / "zsite"))
    located = [line.split("-  ", 1)[1] for line in mkdocs.log.splitlines()
               if line.startswith("WARNING") and "maps/broken.md:" in line]
    assert mkdocs.returncode == 1 and located
    assert done.returncode == 1
    for message in located:
        assert message.removeprefix("cjm: ") in done.stderr
    assert not (tmp_path / "zsite").exists()


def test_without_strict_the_errors_are_said_last_after_zensicals_own_lines(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/broken.md": MAP.format(title="Broken", persona="dina").replace("score: 2", "score: 9"),
    })
    done = cjm(project, "build", "--engine", "zensical", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 0, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("WARNING") and "1 error in 1 file" in last, done.stderr


@pytest.mark.parametrize("language", ["en", "id"])
def test_zensicals_strict_stop_is_said_in_one_sentence_without_a_traceback(tmp_path: Path, language: str) -> None:
    """A hand-written page that links to a page the project lacks: Zensical's own warning
    (file and line) reaches the writer as is, without terminal colours in a log, and its
    strict stop as one sentence in the site's language, not as Python's traceback (which
    is kept in the stage for whoever needs it)."""
    one = MAP.format(title="One", persona="dina") + "\n[More](nowhere.md)\n"
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": one,
        "docs/guide.md": "# Guide\n\nSee [the sheets](workshop-sheets.md).\n",
    }, language=language)
    done = cjm(project, "build", "--engine", "zensical", "--strict", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RuntimeError" not in done.stderr, done.stderr
    assert "\x1b[" not in done.stderr
    # Zensical's warnings name the files the writer edits, at their lines (a map's line
    # in its own file, not in the page cjm staged with another front-matter).
    assert "docs/guide.md:3:18" in done.stderr, done.stderr
    line = one.splitlines().index("[More](nowhere.md)") + 1
    assert f"maps/one.md:{line}:8" in done.stderr, done.stderr
    stop = {"en": "Zensical stopped because --strict is set",
            "id": "Zensical berhenti karena --strict dipakai"}[language]
    assert stop in done.stderr.splitlines()[-1], done.stderr
    assert "RuntimeError" in (project / ".cjm" / "zensical-error.log").read_text(encoding="utf-8")
    assert not (tmp_path / "zsite").exists()
    # Without --strict the same site builds, with the warning.
    done = cjm(project, "build", "--engine", "zensical", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 0, done.stderr
    assert "docs/guide.md:3:18" in done.stderr and "Traceback" not in done.stderr


def test_a_site_folder_that_would_replace_the_maps_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina")})
    done = cjm(project, "build", "--engine", "zensical", "-d", ".")
    assert done.returncode == 2
    assert "would replace" in done.stderr
    assert (project / "maps/personas/dina.md").is_file()


def test_a_project_listing_cjm_is_told_the_command_to_use_on_zensical(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path / "p", {}))
    note = plugin_note(project, "zensical")
    assert note is not None and "`cjm build`" in note and note.count(". ") == 0
    assert plugin_note(project, "mkdocs") is None


def _article(html: str) -> str:
    found = re.search(r"<article[^>]*>(.*)</article>", html, flags=re.S)
    return found.group(1) if found else ""


def test_the_hostile_corpus_builds_the_same_pages_and_no_more_markup(tmp_path: Path) -> None:
    """Every field of tests/hostile carries HTML, script, Jinja, Markdown and Mermaid
    syntax: on Zensical as on MkDocs, none of it becomes markup in a page's content."""
    project = tmp_path / "hostile"
    shutil.copytree(REPO / "tests" / "hostile", project)
    mkdocs = run_build(project)
    assert mkdocs.returncode == 0, mkdocs.log
    out = tmp_path / "zsite"
    done = cjm(project, "build", "--engine", "zensical", "-d", str(out))
    assert done.returncode == 0, done.stderr
    assert pages(out) == pages(mkdocs.site)
    generated = [p for p in pages(out) if p.split("/")[0] in
                 ("maps", "personas", "backlog", "touchpoints", "insights", "reviews")]
    assert len(generated) > 10
    for rel in generated:
        ours = _article((out / rel).read_text(encoding="utf-8"))
        theirs = _article((mkdocs.site / rel).read_text(encoding="utf-8"))
        assert ours, rel
        for markup in ("<script", "<iframe", "onerror=", "javascript:", "<img", "<style"):
            assert ours.count(markup) == theirs.count(markup), (rel, markup)


def test_search_skips_what_the_mkdocs_build_keeps_from_search(zensical_example: Build,
                                                              example_build: Build) -> None:
    """The backlog's rows repeat the map pages: neither engine indexes them there (at
    1,000 maps they would also exceed Zensical's search index limit and fail the build)."""
    ours = json.loads((zensical_example.site / "search.json").read_text(encoding="utf-8"))["items"]
    theirs = json.loads((example_build.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    pain = "Sugar crash at 15:00 after a heavy lunch"
    for items in (ours, theirs):
        backlog = " ".join(i["text"] for i in items if i["location"].startswith("backlog/"))
        assert pain not in backlog
        assert any(pain in i["text"] for i in items if i["location"].startswith("maps/dina-day/"))


@pytest.mark.parametrize("hand, kept", [
    ("docs/maps/clash/index.md", "maps/clash/index.html"),
    ("docs/backlog/backlog.csv", "backlog/backlog.csv"),
    ("docs/assets/cjm/cjm.css", "assets/cjm/cjm.css"),
])
def test_nothing_cjm_makes_replaces_a_file_of_the_site_as_in_the_mkdocs_build(
        tmp_path: Path, hand: str, kept: str) -> None:
    """The Zensical build applies the MkDocs build's clash checks (core/publishing/clashes.py): the
    same located error names the site's file, which is published as it is."""
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/clash.md": MAP.format(title="Clash map", persona="dina"),
        hand: "The team's own file.\n",
    })
    mkdocs = run_build(project, "--strict")
    assert mkdocs.returncode == 1 and hand in mkdocs.log
    strict = cjm(project, "build", "--engine", "zensical", "--strict", "-d", str(tmp_path / "strict"))
    assert strict.returncode == 1 and hand in strict.stderr, strict.stderr
    assert "Traceback" not in strict.stderr
    assert not (tmp_path / "strict").exists()
    done = cjm(project, "build", "--engine", "zensical", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 0, done.stderr
    assert "The team's own file." in (tmp_path / "zsite" / kept).read_text(encoding="utf-8")
    if kept.startswith("maps/"):
        assert not any("Clash map" in p.read_text(encoding="utf-8", errors="replace")
                       for p in (tmp_path / "zsite").rglob("*") if p.suffix in (".html", ".json", ".csv"))


def test_a_rebuild_replaces_the_previous_site_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina"),
                                            "maps/shown.md": MAP.format(title="Shown", persona="dina")})
    out = tmp_path / "zsite"
    out.mkdir()
    (out / "stale.html").write_text("old\n", encoding="utf-8")
    done = cjm(project, "build", "--engine", "zensical", "-d", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "maps/shown/index.html").is_file() and not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "zsite"]  # no staging left


def test_serve_shows_each_save_and_what_it_changes_on_other_pages(tmp_path: Path) -> None:
    """`cjm serve` renders again only the pages whose digest changed (zensical/stage.py's
    StagedPages): a save still reaches its own page and every page that shows it."""
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/alpha.md": MAP.format(title="Alpha", persona="dina"),
        "maps/beta.md": MAP.format(title="Beta", persona="dina"),
    })
    with serving(project, command=("cjm_plugin.cli", "serve", "--engine", "zensical")) as server:
        assert server.wait_for("maps/alpha/", "Body of Alpha", 300), server.log
        alpha = project / "maps/alpha.md"
        alpha.write_text(alpha.read_text(encoding="utf-8").replace("Body of Alpha", "Saved body"),
                         encoding="utf-8")
        assert server.wait_for("maps/alpha/", "Saved body"), server.log
        # The persona's new name reaches both maps' pages, which were not saved.
        persona = project / "maps/personas/dina.md"
        persona.write_text(PERSONA.format(name="Dina Renamed"), encoding="utf-8")
        assert server.wait_for("maps/beta/", "Dina Renamed"), server.log
        assert server.wait_for("maps/alpha/", "Dina Renamed"), server.log
        assert "Saved body" in server.fetch("maps/alpha/")
        # A front-matter save reaches the maps index, which lists the title.
        alpha.write_text(alpha.read_text(encoding="utf-8").replace("title: Alpha", "title: Alpha Two"),
                         encoding="utf-8")
        assert server.wait_for("maps/", "Alpha Two"), server.log


@pytest.mark.parametrize("with_mkdocs_yml", [False, True])
def test_a_zensical_toml_project_is_refused_with_what_to_do(tmp_path: Path, with_mkdocs_yml: bool) -> None:
    """cjm reads mkdocs.yml only: a zensical.toml's settings would be silently left out."""
    project = make_project(tmp_path / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina"),
                                            "maps/a.md": MAP.format(title="A", persona="dina")})
    if not with_mkdocs_yml:
        (project / "mkdocs.yml").unlink()
    (project / "zensical.toml").write_text('[project]\nsite_name = "Ours"\n', encoding="utf-8")
    for command in (["build", "-d", str(tmp_path / "zsite")], ["serve"]):
        done = cjm(project, *command, "--engine", "zensical")
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.startswith("zensical.toml: error: cjm reads the site's settings from mkdocs.yml")
        assert "Traceback" not in done.stderr
    assert not (project / ".cjm").exists() and not (tmp_path / "zsite").exists()


def test_pages_rendered_in_several_processes_are_the_same_bytes(tmp_path: Path) -> None:
    """``cjm build`` renders the pages in forked processes where it can (parallel.py):
    the stage is byte for byte the one a single process writes, every page in order."""
    shutil.copytree(REPO / "maps", tmp_path / "maps")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    plan = plan_handbook(load_project(tmp_path), links_from_source=True)
    stage = partial(staged_bytes, sanitize=True)
    one = staged_pages(plan, stage, processes=1)
    several = staged_pages(plan, stage, processes=3, min_pages=0)
    assert list(several) == list(one) == list(plan.pages)
    assert several == one


def test_a_navigation_of_index_pages_keeps_the_maps_out_of_it_and_builds_them(tmp_path: Path) -> None:
    """What docs/choosing-a-stack.md advises for a large handbook on Zensical, whose build
    time grows with the pages times the navigation's entries: a hand-written ``nav:``
    naming ``maps/index.md`` as a link (not as a section to fill) lists no map, and every
    map is still built and linked from the maps index."""
    yml = ("site_name: T\ntheme: {name: material}\nplugins: [search, cjm]\n"
           "nav:\n  - Home: index.md\n  - Journey maps: maps/index.md\n  - Personas: personas/index.md\n")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "maps/two.md": MAP.format(title="Two", persona="dina").replace("[Not found]", "[Courier lost the order]"),
    }, yml=yml)
    done = cjm(project, "build", "--engine", "zensical", "--strict", "-d", str(tmp_path / "zsite"))
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "zsite"
    for page in ("index.html", "maps/one/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
        nav = nav[:nav.index("</nav>")]
        titles = re.findall(r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
        assert titles == ["Home", "Journey maps", "Personas"], page
    index = (site / "maps/index.html").read_text(encoding="utf-8")
    assert {resolve("maps/", href) for href in re.findall(r'href="([^"]*)"', index)} >= {"maps/one/", "maps/two/"}
    # Search still finds a map's pain point.
    assert "Courier lost the order" in (site / "search.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [("mkdocs", "serve"), ("cjm_plugin.cli", "serve", "--engine", "zensical")],
                         ids=["mkdocs", "zensical"])
def test_a_preview_says_where_the_handbook_is_and_that_a_broken_map_shows_its_problems(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    """The preview's log gives the address to open (with the path of ``site_url``), and
    its summary of errors says what the preview does with a broken map (a page listing
    its problems), not what a build does (leaves it out)."""
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/broken.md": MAP.format(title="Broken", persona="dina").replace("score: 2", "score: 9"),
    })
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://cx.example/handbook/\n")
    with serving(project, command=command) as server:
        assert server.wait_for("handbook/maps/broken/", "score", 300), server.log
        log = server.log
    assert f"{server.base}handbook/" in log, log
    assert "left out of the site" not in log, log
    assert "1 error in 1 file; the preview shows it on its page" in log, log


def test_a_traceback_is_kept_aside_and_the_output_after_it_goes_on() -> None:
    """In `cjm serve`, Zensical may print a traceback for one rebuild and go on: the
    lines after the exception's own line reach the writer again, and each traceback is
    handed over whole (chained ones as one)."""
    import io

    from cjm_plugin.zensical.output import Relay

    out, seen = io.StringIO(), []
    relay = Relay(out, colours=False, places={"maps/one.md": ("maps/one.md", 3)}, on_traceback=seen.append)
    for line in ["Warning: page does not exist\n", "   ╭─[ maps/one.md:12:5 ]\n",
                 "Traceback (most recent call last):\n", '  File "x.py", line 1, in <module>\n',
                 "KeyError: 'a'\n", "\n", "During handling of the above exception, another exception occurred:\n",
                 "\n", "Traceback (most recent call last):\n", '  File "y.py", line 2, in f\n',
                 "RuntimeError: \x1b[31mboom\x1b[0m\n", "Build started\n", "No issues found\n"]:
        relay.feed(line)
    relay.close()
    assert out.getvalue() == ("Warning: page does not exist\n   ╭─[ maps/one.md:15:5 ]\n"
                              "Build started\nNo issues found\n")
    assert len(seen) == 1 and seen[0][0].startswith("Traceback") and seen[0][-1].startswith("RuntimeError")
