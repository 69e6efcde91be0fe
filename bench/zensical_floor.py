"""What Zensical's own build costs on a staged handbook, and how much of it is the
navigation and how much cjm's HTML (issue 21: why `cjm build --engine zensical` cannot
reach 0.5x of the MkDocs plugin's time).

    .venv/bin/python bench/zensical_floor.py --size 1000 --rounds 3

The handbook is ``generate.py``'s ``plugin/`` project, planned and staged once, as
``cjm build --engine zensical`` does. Then ``zensical build`` runs on four copies of the
stage, alternating within each round, each from a cold start (no ``.cache``):

* ``staged``: the stage as ``cjm build`` hands it to Zensical;
* ``top nav``: the same pages, the navigation cut to its top level (each section
  replaced by its first page), so that every page carries a navigation of a few entries;
* ``no cjm HTML``: the full navigation, each generated page's HTML replaced by
  ``<p>x</p>`` (what Zensical costs with pages of almost nothing);
* ``neither``: both: Zensical's floor for this many pages.

The MkDocs plugin's full build (``mkdocs build``) runs in the same rounds, for scale.
Wall and CPU time are the child's and its children's (``os.wait4``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import EPOCH, generate  # noqa: E402

from cjm_plugin.core.publishing.plan import plan_handbook  # noqa: E402
from cjm_plugin.core.reading.project import load_project  # noqa: E402
from cjm_plugin.zensical.markdown import decode_parts, encode_parts  # noqa: E402
from cjm_plugin.zensical.stage import dump_config, read_tagged, stage_handbook  # noqa: E402

ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONHASHSEED": "0"}


VARIANTS = ("staged", "top nav", "no cjm HTML", "neither")
PLUGIN = "mkdocs plugin"


def first_page(item: Any) -> Any:
    """A navigation entry with each section replaced by its first page."""
    if isinstance(item, dict) and len(item) == 1:
        title, value = next(iter(item.items()))
        if isinstance(value, list):
            leaf = next((first_page(x) for x in value), None)
            leaf = next(iter(leaf.values())) if isinstance(leaf, dict) else leaf
            return {title: leaf} if leaf is not None else None
    return item


def top_nav(stage: Path) -> None:
    config = read_tagged(stage / "mkdocs.yml")
    config["nav"] = [x for x in (first_page(item) for item in config.get("nav") or []) if x]
    (stage / "mkdocs.yml").write_text(dump_config(config), encoding="utf-8")


def no_html(stage: Path) -> None:
    for path in (stage / "parts").rglob("*.parts"):
        parts = decode_parts(path.read_bytes())
        parts["before"], parts["after"] = "<p>x</p>", ""
        path.write_bytes(encode_parts(parts))


def variant(stage: Path, folder: Path, *changes: Any) -> Path:
    shutil.copytree(stage, folder)
    config = folder / "mkdocs.yml"
    # The parts' folder is named by its absolute path in the configuration.
    config.write_text(config.read_text(encoding="utf-8").replace(
        str((stage / "parts").resolve()), str((folder / "parts").resolve())), encoding="utf-8")
    for change in changes:
        change(folder)
    return folder


def timed(command: list[str], cwd: Path, log: Path) -> dict[str, float]:
    with log.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed:\n{log.read_text(errors='replace')[-3000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="+", metavar="NAME", choices=[*VARIANTS, PLUGIN],
                    help="measure only these (default: all)")
    args = ap.parse_args()
    from importlib.metadata import version
    print(f"mkdocs {version('mkdocs')}, material {version('mkdocs-material')}, "
          f"zensical {version('zensical')}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    project_dir = generate(args.size) / "plugin"
    tmp = Path(tempfile.mkdtemp(prefix="cjm-floor-"))
    try:
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        project = load_project(project_dir)
        plan = plan_handbook(project, links_from_source=True)
        stage = tmp / "stage"
        stage_handbook(project, plan, stage)
        nav = read_tagged(stage / "mkdocs.yml").get("nav") or []
        print(f"{len(plan.pages)} generated pages, {count_pages(nav)} navigation entries")
        stages = {
            "staged": variant(stage, tmp / "staged"),
            "top nav": variant(stage, tmp / "top", top_nav),
            "no cjm HTML": variant(stage, tmp / "bare", no_html),
            "neither": variant(stage, tmp / "neither", top_nav, no_html),
        }
        names = [name for name in [*stages, PLUGIN] if not args.only or name in args.only]
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                if name == PLUGIN:
                    shutil.rmtree(tmp / "site", ignore_errors=True)
                    res = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp / "site")],
                                project_dir, tmp / "mkdocs.log")
                else:
                    folder = stages[name]
                    shutil.rmtree(folder / ".cache", ignore_errors=True)
                    shutil.rmtree(folder / "site", ignore_errors=True)
                    res = timed([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"],
                                folder, tmp / "zensical.log")
                runs[name].append(res)
                print(f"  round {r + 1}/{args.rounds} {name:14}: {res['seconds']:6.2f} s wall "
                      f"{res['cpu']:6.2f} s CPU", flush=True)
        print()
        print(f"| {args.size} maps | wall s (median) | CPU s (median) | all wall s |")
        print("|---|---:|---:|---|")
        for name, rs in runs.items():
            print(f"| {name} | {statistics.median(x['seconds'] for x in rs):.2f} | "
                  f"{statistics.median(x['cpu'] for x in rs):.2f} | "
                  f"{[round(x['seconds'], 2) for x in rs]} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def count_pages(nav: list[Any]) -> int:
    total = 0
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        total += count_pages(value) if isinstance(value, list) else 1
    return total


if __name__ == "__main__":
    main()
