"""The MkDocs plugin only delivers the core's plan (``core/publishing/plan.py``): the pages MkDocs
builds are the plan's, at the plan's URLs, with its titles, in its places in the
navigation.

Real builds: the real ``mkdocs build`` runs on a copy of the example handbook and on a
small project with an automatic navigation; a real MkDocs hook (``hooks:`` in
``mkdocs.yml``) writes down the navigation MkDocs made, which is compared with the
plan's, page by page.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from support import MAP, PERSONA, REPO, Build, make_project, run_build

from cjm_plugin.core.publishing.plan import HandbookPlan, page_url, plan_handbook
from cjm_plugin.core.reading.project import load_project

#: A MkDocs hook that writes the navigation MkDocs built: each page's sections, title, URL.
NAV_HOOK = '''
import json
from pathlib import Path


def _walk(items, path):
    for item in items:
        if item.is_section:
            yield from _walk(item.children, [*path, item.title])
        elif item.is_page:
            yield [path, item.title, item.url]


def on_nav(nav, config, files):
    out = Path(config.config_file_path).parent / "mkdocs-nav.json"
    out.write_text(json.dumps(list(_walk(nav.items, []))), encoding="utf-8")
    return nav
'''


def with_nav_hook(project: Path) -> None:
    (project / "nav_hook.py").write_text(NAV_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - nav_hook.py\n", encoding="utf-8")


def plan_nav(items: Any, path: list[str], directory_urls: bool) -> list[list[Any]]:
    """The plan's navigation as the hook writes MkDocs': sections, title, URL."""
    found: list[list[Any]] = []
    for item in items:
        if isinstance(item, str):
            found.append([path, None, page_url(item, directory_urls=directory_urls)])
            continue
        for title, value in item.items():
            if isinstance(value, list):
                found += plan_nav(value, [*path, title], directory_urls)
            else:
                found.append([path, title, page_url(value, directory_urls=directory_urls)])
    return found


def generated_pages(build: Build) -> list[str]:
    return sorted(p.relative_to(build.site).parent.as_posix() + "/"
                  for p in build.site.rglob("index.html"))


def assert_mkdocs_delivers_the_plan(build: Build, plan: HandbookPlan, site_name: str,
                                    directory_urls: bool = True) -> None:
    urls = {page.url for page in plan.pages.values()}
    assert len(urls) == len(plan.pages) > 5
    # Every planned page is built at its URL, with its title.
    for page in plan.pages.values():
        path = build.site / (page.url + "index.html" if directory_urls else page.url)
        text = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text)
        assert title and html.unescape(title.group(1)) == f"{page.title} - {site_name}", page.uri
    # The generated pages MkDocs lists are the plan's, in the same places and order.
    made = json.loads((build.project / "mkdocs-nav.json").read_text(encoding="utf-8"))
    mkdocs_generated = [entry for entry in made if entry[2] in urls]
    planned = [entry for entry in plan_nav(plan.nav, [], directory_urls) if entry[2] in urls]
    assert mkdocs_generated == planned
    assert {entry[2] for entry in planned} == urls
    # Each title in the navigation is the page's own (escaped, as themes print it unescaped).
    by_url = {page.url: page for page in plan.pages.values()}
    for _path, title, url in planned:
        assert title == str(html.escape(by_url[url].title, quote=True)) or title == by_url[url].title


def test_the_example_handbook_is_the_plan(tmp_path: Path) -> None:
    project = tmp_path / "example"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "maps"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    with_nav_hook(project)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    plan = plan_handbook(load_project(project))
    assert_mkdocs_delivers_the_plan(build, plan, "Customer journey handbook")
    # The maps section is the plan's: every map under "Journey maps", grouped by type.
    made = json.loads((project / "mkdocs-nav.json").read_text(encoding="utf-8"))
    maps = [entry for entry in made if entry[2].startswith("maps/") and entry[2] != "maps/"]
    assert maps and all(entry[0][0] == "Journey maps" for entry in maps)


def test_an_automatic_navigation_in_groups_and_file_urls_are_the_plan_s(tmp_path: Path) -> None:
    files = {"maps/personas/dina.md": PERSONA.format(name="Dina & Co")}
    for number in range(7):
        files[f"maps/m{number}.md"] = MAP.format(title=f"Map <{number}>", persona="dina")
    files["docs/index.md"] = "# Home\n"
    files["docs/backlog/index.md"] = "# Our own backlog\n"  # used instead of the generated one
    project = make_project(tmp_path / "p", files, options={"nav_group_size": 3})
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        + "use_directory_urls: false\n", encoding="utf-8")
    with_nav_hook(project)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    plan = plan_handbook(load_project(project))
    assert "backlog/index.md" not in plan.pages and plan.replaced == ["backlog/index.md"]
    assert_mkdocs_delivers_the_plan(build, plan, config["site_name"], directory_urls=False)
    made = json.loads((project / "mkdocs-nav.json").read_text(encoding="utf-8"))
    grouped = [entry for entry in made if len(entry[0]) > 1]
    assert grouped  # seven maps in groups of three
