"""A full build of the same generated handbook through the MkDocs plugin and through
Zensical (``cjm build --engine zensical``), alternating, with medians.

    .venv/bin/python bench/engines.py --sizes 1000
    .venv/bin/python bench/engines.py --sizes 1000 4000 --rounds 3 --json bench/engines.json

The handbook is ``bench/generate.py``'s ``plugin/`` project (``plugins: [search, cjm]``).
Each build is its own process, from a cold start: ``python -m mkdocs build -q -d <tmp>``
for the plugin, ``python -m cjm_plugin.cli build --engine zensical -d <tmp>`` for
Zensical, which plans the handbook, stages it in ``.cjm/stage/`` and runs ``zensical
build`` there. The stage and Zensical's cache are removed before each Zensical build,
so both builds start from nothing. Wall and CPU time (the child and its children, from
``os.wait4``) are recorded; the two engines alternate within a round.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

EPOCH = "1795392000"  # 2026-11-23, as in the tests
COMMANDS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "-q", "-d"],
    "zensical": [sys.executable, "-m", "cjm_plugin.cli", "build", "--engine", "zensical", "-d"],
}


def build(engine: str, project: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    shutil.rmtree(project / ".cjm", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    log = out.parent / f"{engine}.log"  # a file, not a pipe: a full pipe would stop the build
    with log.open("wb") as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen([*COMMANDS[engine], str(out)], cwd=project, env=env,
                                stdout=subprocess.DEVNULL, stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    err = log.read_text(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{engine} build of {project} failed:\n{err[-3000:]}")
    # wait4's usage covers the child and the processes it waited for (zensical build).
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "pages": sum(1 for _ in out.rglob("index.html"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from importlib.metadata import version
    print(f"mkdocs {version('mkdocs')}, material {version('mkdocs-material')}, "
          f"zensical {version('zensical')}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    results: dict[int, dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="cjm-engines-"))
    try:
        for n in args.sizes:
            project = generate(n) / "plugin"
            runs: dict[str, list[dict]] = {"mkdocs": [], "zensical": []}
            for r in range(args.rounds):
                for engine in (("mkdocs", "zensical") if r % 2 == 0 else ("zensical", "mkdocs")):
                    res = build(engine, project, tmp / engine)
                    runs[engine].append(res)
                    print(f"  N={n} round {r + 1}/{args.rounds} {engine:8}: {res['seconds']:7.2f} s wall "
                          f"{res['cpu']:7.2f} s CPU, {res['pages']} pages", flush=True)
            row = {engine: {"seconds": statistics.median(x["seconds"] for x in rs),
                            "cpu": statistics.median(x["cpu"] for x in rs),
                            "pages": rs[0]["pages"],
                            "all_seconds": [round(x["seconds"], 2) for x in rs]}
                   for engine, rs in runs.items()}
            row["ratio"] = row["zensical"]["seconds"] / row["mkdocs"]["seconds"]
            results[n] = row
            shutil.rmtree(project / ".cjm", ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print("| N maps | engine | pages | wall s (median) | CPU s (median) | all wall s |")
    print("|---:|---|---:|---:|---:|---|")
    for n, row in results.items():
        for engine in ("mkdocs", "zensical"):
            k = row[engine]
            print(f"| {n} | {engine} | {k['pages']} | {k['seconds']:.2f} | {k['cpu']:.2f} | {k['all_seconds']} |")
    for n, row in results.items():
        print(f"N={n}: Zensical / MkDocs plugin wall time = {row['ratio']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
