"""Helpers for tests: real MkDocs builds of real projects in temporary folders."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
#: 2026-11-23 00:00 UTC: the example handbook's reviews are judged on this day.
FIXED_EPOCH = "1795392000"


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    log: str

    def page(self, url: str) -> str:
        """The HTML of the page at ``url`` (``maps/x/`` or ``maps/index.html``)."""
        path = self.site / url
        if url.endswith("/") or not path.suffix:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    @property
    def plugin_lines(self) -> list[str]:
        """What the cjm plugin logged, line by line, in order ("WARNING -  cjm: ..."):
        compared whole, a test fails on any changed, missing or extra message."""
        return [line for line in self.log.splitlines() if line.split("-  ", 1)[-1].startswith("cjm: ")]


def run_build(project: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    """Run the real ``mkdocs build`` on ``project`` and keep its log."""
    site = project / "site"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(site), *args],
        cwd=project, env=environ, capture_output=True, text=True, timeout=600)
    return Build(project, site, done.returncode, done.stdout + done.stderr)


MKDOCS_YML = """\
site_name: Test handbook
site_url: http://127.0.0.1/
theme:
  name: material
  language: {language}
  features: [navigation.instant]
plugins:
  - search
  - cjm{options}
"""

PERSONA = """\
---
name: {name}
role: Tester
---
About {name}.
"""

MAP = """\
---
title: {title}
persona: {persona}
status: published
updated: 2026-11-01
stages:
  - name: Awareness
    steps:
      - name: Searches
        score: 2
        touchpoints: [Google]
        pain_points: [Not found]
---
Body of {title}.
"""


def front(yaml_text: str, body: str = "") -> str:
    """A Markdown file: ``yaml_text`` (dedented) as its front-matter, then ``body``."""
    return "---\n" + textwrap.dedent(yaml_text) + "---\n" + body


def soup(build: Build, url: str) -> BeautifulSoup:
    """The parsed HTML of a built page."""
    return BeautifulSoup(build.page(url), "html.parser")


def resolve(page_url: str, ref: str) -> str:
    """The site-relative path a relative link on ``page_url`` points at."""
    return unquote(urlparse(urljoin("http://site/" + page_url, ref)).path.lstrip("/"))


def tree_digest(*folders: Path) -> str:
    """One digest of every file and folder name and content under ``folders``: equal
    before and after a build proves the build wrote nothing there."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes() if path.is_file() else b"/")
    return digest.hexdigest()


def plugin_options(options: str | Mapping[str, object]) -> str:
    """The text after ``- cjm`` in mkdocs.yml: options given as a dict
    (``{"maps_dir": "x"}``) are written as YAML; a string is kept as written
    (``":\n      maps_dir: x"``)."""
    if isinstance(options, str):
        return options
    if not options:
        return ""
    text = yaml.safe_dump(dict(options), sort_keys=False, allow_unicode=True, default_flow_style=False)
    return ":\n" + textwrap.indent(text, " " * 6).rstrip("\n")


def make_project(root: Path, files: dict[str, str], *, language: str = "en",
                 options: str | Mapping[str, object] = "", yml: str | None = None) -> Path:
    """A small project: mkdocs.yml, docs/index.md and the given files; ``options``
    are the cjm plugin's, best as a dict: ``options={"maps_dir": "journeys"}``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        yml if yml is not None else MKDOCS_YML.format(language=language, options=plugin_options(options)),
        encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root




#: The contract's "A journey map" example, copied verbatim (shared/journey-map-format.md).
CONTRACT_MAP = """\
---
title: Healthy catering — current state
type: current-state          # current-state | future-state | day-in-the-life | service-blueprint
persona: dina                # id of a persona; or `personas: [dina, budi]`
goal: Learn why visitors hesitate before subscribing
owner: Growth team
status: published            # draft | review | published | archived  (default: draft)
updated: 2026-10-01          # date of the last review
review_every: 90             # days between reviews (the map is overdue after that)
tags: [catering, web]
compares: catering-future    # optional: the map this one is compared with (current <-> future)
lanes:                       # optional custom lanes, key -> row label
  priorities: What is the customer's top priority?
stages:
  - name: Awareness
    description: Wants to change her eating habits   # optional
    steps:
      - name: Searches Google for healthy catering  # the action; a Mermaid task
        score: 2                                     # emotion, 1 (very negative) .. 5 (very positive)
        actors: [dina]                               # optional; persona ids or free names; default: the map's personas
        thinking: I want a healthier lifestyle       # thoughts and feelings
        touchpoints: [Google search]
        pain_points: [The brand is not on the first page]
        opportunities: [Search ads, SEO]
        owner: Marketing
        priorities: Breakfast                        # a custom lane declared above
---

Free Markdown: context, research sources, notes. It is shown on the map's page
after the generated diagram and table.
"""



@dataclass
class Server:
    """A running ``mkdocs serve``: fetch its pages, read what it logged so far."""

    base: str
    log_path: Path

    def fetch(self, url: str) -> str:
        with urllib.request.urlopen(self.base + url, timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(self, url: str, text: str, seconds: float = 120) -> bool:
        """Whether the page at ``url`` shows ``text`` within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if text in self.fetch(url):
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(project: Path, *args: str, command: tuple[str, ...] = ("mkdocs", "serve")) -> Iterator[Server]:
    """The real ``mkdocs serve`` (or ``command``, a module and its arguments) on
    ``project``, on a free port, stopped afterwards."""
    port = free_port()
    log_path = project.parent / f"serve-{port}.log"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", *command, "-a", f"127.0.0.1:{port}", *args],
            cwd=project, stdout=log, stderr=subprocess.STDOUT, env=environ)
        try:
            yield Server(f"http://127.0.0.1:{port}/", log_path)
        finally:
            server.terminate()
            server.wait(timeout=30)


def settled(page: Any, script: str, tries: int = 30) -> Any:
    """What a script in a browser page returns once it stops changing (a palette switch
    may animate its colours), read every 100 ms."""
    last = page.evaluate(script)
    for _ in range(tries):
        page.wait_for_timeout(100)
        now = page.evaluate(script)
        if now == last:
            return now
        last = now
    raise AssertionError("the page keeps changing")
