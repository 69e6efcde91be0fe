"""Shared harness for browser tests (headless Debian Chromium through Playwright).

Mark every test that uses these fixtures with ``@pytest.mark.browser``.  Nothing is
downloaded: the system browser ``/usr/bin/chromium`` is launched (``playwright
install`` does not work here) and every request that leaves 127.0.0.1/localhost is
aborted and recorded, so a page that would need a CDN fails visibly.

Fixtures
--------
``chromium_browser`` (session)
    One Playwright sync :class:`~playwright.sync_api.Browser` for the whole session.
    Tests are skipped when ``/usr/bin/chromium`` is missing.

``serve_dir`` (session) -- ``serve_dir(path) -> base_url``
    Serve a directory over HTTP on 127.0.0.1, on a free port, from a background thread
    (stdlib ``http.server``, no request logging).  Returns e.g. ``"http://127.0.0.1:41234"``
    (no trailing slash).  The same path is served once; all servers stop at session end.

``new_page`` (per test) -- ``new_page(base_url=None, **context_options) -> Page``
    A page in a fresh browser context (closed after the test) that

    * aborts every request whose host is not ``127.0.0.1``/``localhost`` and records its
      URL in ``page.cjm_external_requests``;
    * records uncaught page errors (``pageerror``) in ``page.cjm_page_errors`` and
      console messages of type ``error`` in ``page.cjm_console_errors`` (an aborted
      external request also logs "Failed to load resource: net::ERR_FAILED" there);
    * runs an init script that makes ``Element.prototype.attachShadow`` always create
      **open** shadow roots.  Material puts each rendered Mermaid SVG into a *closed*
      shadow root (``div.mermaid``), which scripts -- including tests -- cannot read.
      Forcing ``mode: "open"`` changes nothing visible (styles, CSS variable
      inheritance and layout are the same) but lets tests read ``host.shadowRoot``.

``mermaid_svgs`` (session) -- ``mermaid_svgs(page, expected=1, timeout=15000) -> list[dict]``
    Waits until Material has rendered the diagrams: no ``pre.mermaid`` left, at least
    ``expected`` ``div.mermaid`` hosts and each has a shadow root containing an ``<svg>``.
    Returns one dict per host, in document order: ``{"svg": outerHTML, "text": text
    content without <style>, "texts": [text of each <text> and HTML label element, not
    the <title> tooltips], "shadow": bool}``.  Joining ``texts`` with spaces is the right
    way to look for a label that Mermaid may have wrapped over several lines.  When a
    diagram fails, Mermaid leaves its "Syntax error" SVG in the page and Material leaves
    the ``pre`` in place: the helper then raises ``AssertionError`` at once (also when any
    diagram shows "Syntax error") instead of waiting for the timeout.

``mermaid_syntax_error`` (session) -- ``mermaid_syntax_error(page) -> bool``
    True when any ``<svg>`` in the document or in any (open) shadow root says "Syntax
    error" (Mermaid's error diagram, "Syntax error in text").

The same helpers are importable as plain functions for non-fixture use:
``from conftest import mermaid_svgs_of, has_mermaid_syntax_error`` (pytest puts this
folder on ``sys.path``).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

#: Make every shadow root open, so tests can read Material's rendered SVGs.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

_SVGS_JS = """
() => Array.from(document.querySelectorAll("div.mermaid")).map((host) => {
  const root = host.shadowRoot || host;
  const svg = root.querySelector("svg");
  if (!svg) return { svg: "", text: root.textContent || "", texts: [], shadow: !!host.shadowRoot };
  const copy = svg.cloneNode(true);
  copy.querySelectorAll("style").forEach((s) => s.remove());
  const texts = Array.from(svg.querySelectorAll("text, foreignObject div.label"))
    .map((el) => el.textContent);
  return { svg: svg.outerHTML, text: copy.textContent, texts, shadow: !!host.shadowRoot };
})
"""

#: Text (of <text> elements) of every <svg> in the document and in every open shadow root.
_ALL_SVG_TEXTS = """
  const texts = [];
  const walk = (root) => {
    root.querySelectorAll("svg").forEach((svg) => texts.push(
      Array.from(svg.querySelectorAll("text")).map((t) => t.textContent).join(" ")));
    root.querySelectorAll("*").forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
"""

_READY_JS = """
(expected) => {
%s
  if (texts.some((t) => t.includes("Syntax error"))) return true;
  if (document.querySelector("pre.mermaid")) return false;
  const hosts = Array.from(document.querySelectorAll("div.mermaid"));
  if (hosts.length < expected) return false;
  return hosts.every((h) => h.shadowRoot && h.shadowRoot.querySelector("svg"));
}
""" % _ALL_SVG_TEXTS

_SYNTAX_ERROR_JS = """
() => {
%s
  return texts.filter((t) => t.includes("Syntax error"));
}
""" % _ALL_SVG_TEXTS


def mermaid_svgs_of(page: Any, expected: int = 1, timeout: float = 15000) -> list[dict[str, Any]]:
    """The rendered Mermaid diagrams of ``page`` (see the module docstring)."""
    page.wait_for_function(_READY_JS, arg=expected, timeout=timeout)
    svgs = page.evaluate(_SVGS_JS)
    errors = page.evaluate(_SYNTAX_ERROR_JS)
    if errors or len(svgs) < expected:
        raise AssertionError(f"Mermaid failed to render {len(errors)} diagram(s): {errors[:3]!r}")
    return svgs


def has_mermaid_syntax_error(page: Any) -> bool:
    """Whether Mermaid's "Syntax error" diagram appears anywhere on ``page``."""
    return bool(page.evaluate(_SYNTAX_ERROR_JS))


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[str | os.PathLike[str]], str]]:
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def serve(path: str | os.PathLike[str]) -> str:
        root = Path(path).resolve()
        if root in servers:
            return servers[root][1]
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        servers[root] = (server, base_url)
        return base_url

    try:
        yield serve
    finally:
        for server, _ in servers.values():
            server.shutdown()
            server.server_close()


@pytest.fixture
def new_page(chromium_browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def make(base_url: str | None = None, **context_options: Any) -> Any:
        if base_url is not None:
            context_options.setdefault("base_url", base_url)
        context = chromium_browser.new_context(**context_options)
        contexts.append(context)
        external: list[str] = []

        def route(route: Any) -> None:
            url = route.request.url
            host = urlsplit(url).hostname
            if url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
                external.append(url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", route)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        page.cjm_external_requests = external
        page.cjm_page_errors = []
        page.cjm_console_errors = []
        page.on("pageerror", lambda error: page.cjm_page_errors.append(str(error)))
        page.on(
            "console",
            lambda msg: page.cjm_console_errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="session")
def mermaid_svgs() -> Callable[..., list[dict[str, Any]]]:
    return mermaid_svgs_of


@pytest.fixture(scope="session")
def mermaid_syntax_error() -> Callable[[Any], bool]:
    return has_mermaid_syntax_error
