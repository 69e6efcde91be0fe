"""The edit loop: time from saving one map to its rebuilt page, as ``mkdocs serve`` does it.

    .venv/bin/python bench/edit_loop.py            # 1,000 maps, 5 edits per site
    .venv/bin/python bench/edit_loop.py --size 1000 --edits 7

``mkdocs serve`` rebuilds on every change by loading a NEW config (so new plugin
instances) and calling ``build(config, serve_url=..., dirty=False)``; this script
does exactly that, in one process, for the plugin site and the plain site
alternately. Each edit changes one map's body (plugin: ``maps/<id>.md``; plain: the
hand-written ``docs/maps/<id>.md``), then rebuilds and checks that the rebuilt page
shows the edit. The first build of each site (the one ``serve`` does at start) is
not counted. The edited files are restored at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


def rebuild(project: Path, site_dir: str) -> tuple[float, float]:
    """One serve-style rebuild: (wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=False)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--map", default="m00010", help="the map that is edited")
    args = ap.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    root = generate(args.size)
    sites = {
        "plugin": (root / "plugin", root / "plugin" / "maps" / f"{args.map}.md"),
        "plain": (root / "plain", root / "plain" / "docs" / "maps" / f"{args.map}.md"),
    }
    originals = {kind: src.read_text(encoding="utf-8") for kind, (_, src) in sites.items()}
    site_dirs = {kind: tempfile.mkdtemp(prefix=f"cjm-edit-{kind}-") for kind in sites}
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in sites}
    try:
        for kind, (project, _) in sites.items():
            wall, cpu = rebuild(project, site_dirs[kind])  # serve's first build
            print(f"  first build {kind:6}: {wall:6.2f} s wall {cpu:6.2f} s CPU", flush=True)
        for i in range(args.edits):
            order = ("plugin", "plain") if i % 2 == 0 else ("plain", "plugin")
            for kind in order:
                project, src = sites[kind]
                marker = f"Edited in round {i} of the edit loop."
                start_wall, start_cpu = time.perf_counter(), time.process_time()
                src.write_text(originals[kind] + f"\n{marker}\n", encoding="utf-8")
                config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dirs[kind])
                config.site_url = SERVE_URL
                build(config, serve_url=SERVE_URL, dirty=False)
                wall = time.perf_counter() - start_wall
                cpu = time.process_time() - start_cpu
                page = Path(site_dirs[kind]) / "maps" / args.map / "index.html"
                if marker not in page.read_text(encoding="utf-8"):
                    raise SystemExit(f"{kind}: the rebuilt page does not show the edit")
                times[kind].append((wall, cpu))
                print(f"  edit {i + 1}/{args.edits} {kind:6}: {wall:6.2f} s wall {cpu:6.2f} s CPU",
                      flush=True)
    finally:
        for kind, (_, src) in sites.items():
            src.write_text(originals[kind], encoding="utf-8")

    print()
    print(f"| {args.size} maps, one map edited | rebuild s wall (median) | rebuild s CPU (median) |")
    print("|---|---:|---:|")
    med = {}
    for kind in sites:
        med[kind] = (statistics.median(w for w, _ in times[kind]),
                     statistics.median(c for _, c in times[kind]))
        print(f"| {kind} | {med[kind][0]:.2f} | {med[kind][1]:.2f} |")
    print(f"| ratio plugin/plain | {med['plugin'][0] / med['plain'][0]:.3f} "
          f"| {med['plugin'][1] / med['plain'][1]:.3f} |")


if __name__ == "__main__":
    main()
