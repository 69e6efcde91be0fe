"""How heavy each generated page of a built site is, and how quick its search is.

    python bench/page_weights.py bench/work/n1000/plugin/site [--search WORDS] [--json out.json]

For every HTML page of the site: its bytes. For each index page (its first, second and
last parts and its heaviest), the heaviest map page and the heaviest persona page: the DOM elements
once it has loaded in Chromium (``/usr/bin/chromium`` through Playwright), and the time
from navigation to the ``load`` event. Then the search index's size
(``search/search_index.json``) and, on the maps index, the time from typing a query
into Material's search box to the first result shown (median of 3).

The backlog is listed but is another helper's work (issue 22); its own bench is
``bench/index_pages.py`` when present. Times depend on the machine's load: compare
within one run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
LIMIT_BYTES = 1_000_000
LIMIT_ELEMENTS = 5_000
#: The index pages and the folders of the pages that continue them.
INDEXES = ("maps", "personas", "touchpoints", "insights", "reviews", "backlog")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def url_of(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def classify(url: str) -> str:
    """Which kind of page a URL is: an index (or its continuation), a map, a persona."""
    top = url.split("/", 1)[0]
    if top in INDEXES and (url == f"{top}/" or top not in ("maps", "personas")
                           or url.startswith(f"{top}/index/")):
        return top
    if top == "maps":
        return "map"
    if top == "personas":
        return "persona"
    return "other"


def weigh(site: Path) -> dict[str, list[tuple[str, int]]]:
    """Every page's bytes, by kind, heaviest first."""
    kinds: dict[str, list[tuple[str, int]]] = {}
    for html in site.rglob("*.html"):
        if html.parts[len(site.parts)] in ("search", "assets"):
            continue
        url = url_of(site, html)
        kinds.setdefault(classify(url), []).append((url, html.stat().st_size))
    for rows in kinds.values():
        rows.sort(key=lambda r: -r[1])
    return kinds


def measure(site: Path, search: str | None, width: int, skip: set[str] = frozenset()) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    kinds = weigh(site)
    server, base = serve(site)
    out: dict[str, Any] = {"pages": {}, "over": []}
    for rows in kinds.values():
        for url, size in rows:
            if size > LIMIT_BYTES:
                out["over"].append({"url": url, "bytes": size})
    # Of each index and the pages continuing it: the first, the second, the last and the
    # heaviest (its parts hold the same number of rows).
    chosen = []
    for k, rows in sorted(kinds.items()):
        if k not in INDEXES or k in skip:
            continue
        by_url = sorted(rows, key=lambda r: (r[0].count("/"), int(r[0].rstrip("/").rsplit("/", 1)[-1])
                                             if r[0].rstrip("/").rsplit("/", 1)[-1].isdigit() else 0))
        picks = {by_url[0], by_url[min(1, len(by_url) - 1)], by_url[-1], rows[0]}
        chosen += [(k, url, size) for url, size in sorted(picks)]
    chosen += [(k, *kinds[k][0]) for k in ("map", "persona") if kinds.get(k)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for kind, url, size in chosen:
            start = time.perf_counter()
            page.goto(f"{base}/{url}", wait_until="load", timeout=300_000)
            seconds = time.perf_counter() - start
            elements = page.evaluate("() => document.getElementsByTagName('*').length")
            out["pages"][url] = {"kind": kind, "bytes": size, "elements": elements,
                                 "load_s": round(seconds, 2)}
            flag = " OVER" if size > LIMIT_BYTES or elements > LIMIT_ELEMENTS else ""
            print(f"{kind:12} {url:48} {size / 1000:9.1f} KB {elements:7} el {seconds:6.2f} s{flag}",
                  flush=True)
        index = site / "search" / "search_index.json"
        out["search_index_kib"] = round(index.stat().st_size / 1024) if index.exists() else None
        print(f"search index: {out['search_index_kib']} KiB")
        if search:
            times = []
            for _ in range(3):
                page.goto(f"{base}/maps/", wait_until="load")
                page.locator("input.md-search__input").click()
                start = time.perf_counter()
                page.keyboard.type(search)
                page.wait_for_selector(".md-search-result__item", timeout=120_000)
                times.append(time.perf_counter() - start)
            out["search_first_result_s"] = round(statistics.median(times), 2)
            print(f"search {search!r}: first result after {out['search_first_result_s']} s "
                  f"(runs {', '.join(f'{t:.2f}' for t in times)})")
        browser.close()
    server.shutdown()
    counts = {k: len(v) for k, v in kinds.items()}
    out["counts"] = counts
    out["heaviest"] = {k: v[0] for k, v in kinds.items() if v}
    print("pages by kind:", counts)
    print("heaviest by kind:", {k: f"{u} {s / 1000:.0f} KB" for k, (u, s) in out["heaviest"].items()})
    print("over 1 MB:", out["over"] or "none")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--search", help="words to type into the search box")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip", nargs="*", default=[], help="kinds of page not to open (e.g. backlog)")
    args = ap.parse_args()
    result = measure(args.site.resolve(), args.search, args.width, set(args.skip))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
