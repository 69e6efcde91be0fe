"""How heavy the index pages of a built site are in Chromium, each against a map page
measured in the same run (issue 22).

    .venv/bin/python bench/index_pages.py --size 1000               # builds work/n1000/site-pages once
    .venv/bin/python bench/index_pages.py --site path/to/site --pages backlog/ touchpoints/
    .venv/bin/python bench/index_pages.py --size 5000 --runs 3 --json work/pages-5000.json

For each page (``--pages``, paths of the built site, default ``backlog/``) and a map
page (``--map``, default the first ``maps/<id>/`` of the site), at 1400 px and at 390 px
(a phone: ``is_mobile``, touch), ``--runs`` fresh page loads each, in turn:

- **HTML bytes**: the page's file as served (not compressed);
- **DOM at load**: ``document.querySelectorAll('*').length`` when the ``load`` event has
  fired, and **DOM settled**: the same when the page is interactive (a script may add
  or replace elements after load, as the backlog's does);
- **TTI** (time to interactive), ms from the start of the navigation: the end of the last
  long task (> 50 ms on the main thread, Chromium's ``longtask`` entries) before a quiet
  window of ``QUIET_MS`` with none, or ``domContentLoaded`` if later. Fetches a page's
  script makes after ``load`` and their parsing count: a page is interactive when its
  script has done its work;
- **ready**, for a page that says when its script is done (``READY``: the backlog's table
  once every entry is loaded), ms from the start of the navigation;
- for the backlog, **find**: ms from typing three words of an entry that is not among the
  first rows to the filtered table showing it, then from choosing its owner to the table
  showing it again (what issue 22's reader does on a phone).

Medians over the runs are printed as a Markdown table (and written with ``--json``).
Chromium is the system one (``/usr/bin/chromium``), as in the browser tests; the site is
served from 127.0.0.1 by Python's ``http.server`` in a thread (no compression), and every
request leaving 127.0.0.1 is aborted (Material's web fonts), so nothing is timed over the
network. On a shared machine compare a page with the map page of the same run, not
figures of different runs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
CHROMIUM = "/usr/bin/chromium"
EPOCH = "1795392000"
WIDTHS: dict[int, dict[str, Any]] = {1400: {"viewport": {"width": 1400, "height": 900}},
          390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
QUIET_MS = 2000
#: Pages whose script says when it is done: a CSS selector that matches then.
READY = {"backlog/": "table.cjm-backlog[data-cjm-sorts='1']"}

_LONG_TASKS = """
window.__cjmLongTaskEnds = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__cjmLongTaskEnds.push(e.startTime + e.duration);
  }).observe({ type: "longtask", buffered: true });
} catch (e) { /* no long task timing: TTI is domContentLoaded */ }
"""

_SETTLED = """async (quiet) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const last = () => Math.max(0, ...window.__cjmLongTaskEnds);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    if (performance.now() - last() >= quiet && performance.now() - nav.loadEventEnd >= quiet) break;
    if (performance.now() > 120000) break;
  }
  return { tti: Math.max(nav.domContentLoadedEventEnd, last()),
           dom: document.querySelectorAll("*").length };
}"""


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


def build(size: int) -> Path:
    """The generated ``plugin`` project of ``size`` maps built once into ``site-pages``."""
    project = WORK / f"n{size}" / "plugin"
    site = WORK / f"n{size}" / "site-pages"
    if not project.exists():
        sys.exit(f"{project} is missing: run bench/generate.py {size} first")
    if not (site / "index.html").exists():
        print(f"building {project} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, check=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    return site


def first_map(site: Path) -> str:
    for path in sorted((site / "maps").iterdir()):
        if path.is_dir() and (path / "index.html").exists():
            return f"maps/{path.name}/"
    sys.exit(f"no map page under {site / 'maps'}")


def html_bytes(site: Path, page: str) -> int:
    return (site / page / "index.html").stat().st_size if page.endswith("/") else (site / page).stat().st_size


def _local_only(route: Any) -> None:
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def measure(browser: Any, base: str, page_path: str, width: int) -> dict[str, float]:
    context = browser.new_context(base_url=base, **WIDTHS[width])
    context.route("**/*", _local_only)
    context.add_init_script(_LONG_TASKS)
    page = context.new_page()
    try:
        page.goto("/" + page_path, wait_until="load", timeout=180_000)
        at_load = page.evaluate("() => document.querySelectorAll('*').length")
        out: dict[str, float] = {"dom_load": at_load}
        selector = READY.get(page_path)
        if selector:
            page.wait_for_selector(selector, state="attached", timeout=180_000)
            out["ready_ms"] = page.evaluate("() => performance.now()")
        settled = page.evaluate(_SETTLED, QUIET_MS)
        out.update(tti_ms=settled["tti"], dom_settled=settled["dom"])
        if page_path == "backlog/":
            out.update(find_backlog(page))
        return out
    finally:
        context.close()


_FIND = """async ([words, owner]) => {
  const count = () => document.querySelector(".cjm-filters__count").textContent;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const form = document.querySelector("form.cjm-filters");
  let start = performance.now();
  form.elements.find.value = words;
  form.elements.find.dispatchEvent(new Event("input", { bubbles: true }));
  // The table is drawn when the script writes the words into the address.
  while (new URLSearchParams(location.search).get("find") !== words) await frame();
  await frame();
  const typed = performance.now() - start;
  start = performance.now();
  form.elements.owner.value = owner;
  form.elements.owner.dispatchEvent(new Event("change", { bubbles: true }));  // drawn at once
  await frame();
  return { typed: typed, owner: performance.now() - start, rows: Number(count().split(" ")[0].replace(/\\D/g, "")) };
}"""


def find_backlog(page: Any) -> dict[str, float]:
    """Type three words of the last entry (never among the first rows: the three of its
    words that together match the fewest entries), then choose its owner: ms until the
    table shows the result each time (the script's wait for typing, 150 ms, included)."""
    if not page.locator("#cjm-backlog-setup").count():
        return {}  # a backlog without the script's data (before issue 22)
    target = page.evaluate("""async () => {
      const setup = JSON.parse(document.getElementById("cjm-backlog-setup").dataset.setup);
      const script = document.querySelector('script[src$="backlog.js"]').src;
      const data = await (await fetch(new URL(setup.data, script))).json();
      const texts = data.maps.flatMap(([, , , rows]) => rows.map((r) => r[1].toLowerCase()));
      const [, , names, rows] = data.maps[data.maps.length - 1];
      const row = rows[rows.length - 1];
      const words = [...new Set(row[1].toLowerCase().split(/\\s+/))];
      let best = words.slice(0, 3);
      let fewest = Infinity;
      for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++)
        for (let k = j + 1; k < words.length; k++) {
          const three = [words[i], words[j], words[k]];
          const n = texts.filter((t) => three.every((w) => t.includes(w))).length;
          if (n < fewest) { fewest = n; best = three; }
        }
      return [best.join(" "), row[4] === undefined ? "" : names[row[4]]];
    }""")
    found = page.evaluate(_FIND, target)
    return {"find_words_ms": found["typed"], "find_owner_ms": found["owner"], "find_rows": found["rows"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--size", type=int, help="the generated handbook of this many maps (bench/generate.py)")
    where.add_argument("--site", type=Path, help="a built site folder")
    ap.add_argument("--pages", nargs="+", default=["backlog/"], help="page paths of the site (default: backlog/)")
    ap.add_argument("--map", help="the map page to compare with (default: the first maps/<id>/)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    site = build(args.size) if args.size else args.site
    pages = [*args.pages, args.map or first_map(site)]
    base, server = serve(site)
    results: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for width in WIDTHS:
            runs: dict[str, list[dict[str, float]]] = {page: [] for page in pages}
            for _ in range(args.runs):
                for page in pages:  # in turn: each page beside the map page, the same moment
                    runs[page].append(measure(browser, base, page, width))
            for page in pages:
                keys = set.intersection(*(set(r) for r in runs[page]))
                results.append({"page": page, "width": width, "html_bytes": html_bytes(site, page),
                                **{k: statistics.median(r[k] for r in runs[page]) for k in sorted(keys)},
                                "tti_all_ms": [round(r["tti_ms"]) for r in runs[page]]})
        browser.close()
    server.shutdown()

    print(f"site: {site}  runs: {args.runs}  date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| page | width | HTML KB | DOM at load | DOM settled | TTI ms (median) | TTI ms (all) | ready ms | find: 3 words / owner ms |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---|")
    for r in results:
        find = (f"{r['find_words_ms']:.0f} / {r['find_owner_ms']:.0f} ({r['find_rows']:.0f} found)"
                if "find_words_ms" in r else "")
        ready = f"{r['ready_ms']:.0f}" if "ready_ms" in r else ""
        print(f"| {r['page']} | {r['width']} | {r['html_bytes'] / 1024:.0f} | {r['dom_load']:.0f} | "
              f"{r['dom_settled']:.0f} | {r['tti_ms']:.0f} | {', '.join(map(str, r['tti_all_ms']))} | {ready} | {find} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
