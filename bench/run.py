"""Build the plugin site and the plain site for each size, alternating, and print medians.

    .venv/bin/python bench/run.py --sizes 100 1000 4000 5000
    .venv/bin/python bench/run.py --sizes 1000 --rounds 5 --json bench/results.json

Each build is its own process (``python -m mkdocs build -q -d <tmp>``), so imports,
caches and memory are measured as a user would see them. Peak memory is the child's
``ru_maxrss`` from ``os.wait4``. Plugin and plain builds alternate within a round so
that a machine slowing down or warming up affects both alike. ``SOURCE_DATE_EPOCH``
is fixed, so both builds are reproducible.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def build(project: Path, out: Path) -> dict:
    """One ``mkdocs build`` in a child process: seconds, peak RSS, index size, pages."""
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONHASHSEED": "0"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed ({proc.returncode}):\n{err[-3000:]}")
    pages = sum(1 for p in out.rglob("index.html"))
    index = out / "search" / "search_index.json"
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "pages": pages,
            "index_kib": index.stat().st_size / 1024}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        ram = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    from importlib.metadata import version
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
            "pymdown-extensions": version("pymdown-extensions"), "date": time.strftime("%Y-%m-%d")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 4000, 5000])
    ap.add_argument("--rounds", type=int, default=None,
                    help="rounds per size (default: 5 for N <= 1000, else 3)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    info = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()), flush=True)
    results = {}
    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-"))
    try:
        for n in args.sizes:
            root = generate(n)
            rounds = args.rounds or (5 if n <= 1000 else 3)
            runs: dict[str, list[dict]] = {"plugin": [], "plain": []}
            for r in range(rounds):
                order = ("plugin", "plain") if r % 2 == 0 else ("plain", "plugin")
                for kind in order:
                    res = build(root / kind, tmp / kind)
                    runs[kind].append(res)
                    print(f"  N={n} round {r + 1}/{rounds} {kind:6}: {res['seconds']:7.2f} s wall "
                          f"{res['cpu']:7.2f} s CPU "
                          f"{res['peak_mib']:7.1f} MiB", flush=True)
            row = {}
            for kind in ("plugin", "plain"):
                secs = median(runs[kind], "seconds")
                row[kind] = {"seconds": secs, "cpu": median(runs[kind], "cpu"), "pages": runs[kind][0]["pages"],
                             "pages_per_s": runs[kind][0]["pages"] / secs,
                             "peak_mib": median(runs[kind], "peak_mib"),
                             "index_kib": runs[kind][0]["index_kib"],
                             "all_seconds": [round(x["seconds"], 2) for x in runs[kind]],
                             "all_cpu": [round(x["cpu"], 2) for x in runs[kind]]}
            row["time_ratio"] = row["plugin"]["seconds"] / row["plain"]["seconds"]
            row["cpu_ratio"] = row["plugin"]["cpu"] / row["plain"]["cpu"]
            row["memory_ratio"] = row["plugin"]["peak_mib"] / row["plain"]["peak_mib"]
            results[n] = row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| N maps | site | pages | build s wall (median) | build s CPU (median) | pages/s "
          "| peak MiB | search index KiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n, row in results.items():
        for kind in ("plugin", "plain"):
            k = row[kind]
            print(f"| {n} | {kind} | {k['pages']} | {k['seconds']:.2f} | {k['cpu']:.2f} "
                  f"| {k['pages_per_s']:.1f} "
                  f"| {k['peak_mib']:.0f} | {k['index_kib']:.0f} |")
    print()
    print("| N maps | wall plugin/plain | CPU plugin/plain | peak memory plugin/plain | rounds |")
    print("|---:|---:|---:|---:|---:|")
    for n, row in results.items():
        print(f"| {n} | {row['time_ratio']:.3f} | {row['cpu_ratio']:.3f} | {row['memory_ratio']:.3f} "
              f"| {len(row['plugin']['all_seconds'])} |")
    if 1000 in results and 4000 in results:
        for kind in ("plugin", "plain"):
            wall = results[4000][kind]["seconds"] / results[1000][kind]["seconds"]
            cpu = results[4000][kind]["cpu"] / results[1000][kind]["cpu"]
            print(f"growth 1000 -> 4000 maps, {kind}: {wall:.2f}x wall, {cpu:.2f}x CPU")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2))


if __name__ == "__main__":
    main()
