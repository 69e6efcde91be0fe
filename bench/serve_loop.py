"""The preview loop as a contributor lives it: save one map, wait for the served page.

    .venv/bin/python bench/serve_loop.py --size 1000 --edits 5
    .venv/bin/python bench/serve_loop.py --size 1000 --edits 100 --memory   # RSS over 100 edits
    .venv/bin/python bench/serve_loop.py --size 1000 --profile             # cProfile one rebuild
    .venv/bin/python bench/serve_loop.py --size 1000 --engine zensical     # cjm serve on Zensical

Runs the real ``mkdocs serve --dirty`` (the command the docs recommend) on the
generated plugin site (``generate.py``) in a child process. Each round, alternating:
one full ``mkdocs build`` of the same site in its own process (wall and CPU
seconds), then one edit in the served site: a **body** edit (a sentence added to the
map's Markdown) and a **front-matter** edit (a word added to the map's first pain
point, which its page, its personas' pages, the map it compares with and the
maps, touchpoints, backlog and reviews pages show) take turns. The time of an edit
is from the file's write to the first HTTP answer for the map's page that shows the
new text (polled every 20 ms), so it includes the file watcher and the whole
rebuild. The serve's first build is not counted. The edited map is restored.

``--engine zensical``: ``cjm serve --engine zensical`` instead (it stages the handbook
again on each save and Zensical's own server rebuilds what changed); the full build is
``cjm build --engine zensical`` (``engines.py``), and CPU and RSS are those of cjm and
its Zensical child together.
``--memory``: the RSS of the serve process (``/proc/<pid>/status``) after every
edit, front-matter and body edits alternating, no full builds in between.
``--profile``: in this process, a first dirty build then one front-matter edit's
rebuild under cProfile (top functions by cumulative time).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from engines import build as engine_build  # noqa: E402
from run import EPOCH, build as full_build, machine  # noqa: E402

ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def pick_map(project: Path) -> str:
    """A published current-state map that compares with another (the busiest kind)."""
    for path in sorted((project / "maps").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "compares:" in text and "status: published" in text and "type: current-state" in text:
            return path.stem
    raise SystemExit("no map to edit")


def edit(text: str, kind: str, marker: str) -> str:
    if kind == "body":
        return text + f"\n{marker}\n"
    new, n = re.subn(r'pain_points: \["', f'pain_points: ["{marker} ', text, count=1)
    assert n == 1, "no pain point to edit"
    return new


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 1800, poll: float = 0.02) -> float:
    """Seconds until the page at ``url`` shows ``text``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(poll)
    raise SystemExit(f"{url} never showed {text!r}")


def tree(pid: int) -> list[int]:
    """``pid`` and its children (``cjm serve``'s ``zensical serve``), recursively."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += tree(int(child))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its children so far (``/proc/<pid>/stat``)."""
    total = 0
    for one in tree(pid):
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    total = 0.0
    for one in tree(pid):
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


@contextlib.contextmanager
def serving(project: Path, engine: str = "mkdocs") -> Iterator[tuple[subprocess.Popen, str]]:
    port = free_port()
    log = open(project.parent / "serve-bench.log", "w", encoding="utf-8")  # noqa: SIM115
    command = (["cjm_plugin.cli", "serve", "--engine", "zensical"] if engine == "zensical"
               else ["mkdocs", "serve", "--dirty"])
    proc = subprocess.Popen([sys.executable, "-m", *command,
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc, f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def copy_of(project: Path) -> Path:
    """A copy of the project for Zensical's full builds, which remove their stage
    (``.cjm/``): the served project's stage is in use."""
    copy = project.parent / "plugin-full-build"
    if not copy.exists():
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cjm", ".cache"))
    return copy


def profile(project: Path, mid: str) -> None:
    os.environ.update(ENV)
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site = tempfile.mkdtemp(prefix="cjm-serve-profile-")
    url = "http://127.0.0.1:8000/"

    def rebuild() -> None:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        config.plugins.on_startup(command="serve", dirty=True)
        config.site_url = url
        build(config, serve_url=url, dirty=True)

    src = project / "maps" / f"{mid}.md"
    original = src.read_text(encoding="utf-8")
    try:
        start = time.perf_counter()
        rebuild()
        print(f"first build: {time.perf_counter() - start:.2f} s")
        src.write_text(edit(original, "front-matter", "Profiled"), encoding="utf-8")
        prof = cProfile.Profile()
        start = time.perf_counter()
        prof.enable()
        rebuild()
        prof.disable()
        print(f"one front-matter edit's rebuild: {time.perf_counter() - start:.2f} s (under cProfile)")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    finally:
        src.write_text(original, encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=5, help="edits of each kind (with --memory: in all)")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--map", help="the map that is edited (default: a compared current-state map)")
    ap.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    args = ap.parse_args()

    # Stopped with SIGTERM: still restore the edited map (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    project = generate(args.size) / "plugin"
    mid = args.map or pick_map(project)
    if args.profile:
        profile(project, mid)
        return
    print(machine())
    src = project / "maps" / f"{mid}.md"
    original = src.read_text(encoding="utf-8")
    out = Path(tempfile.mkdtemp(prefix="cjm-serve-full-"))
    edits: dict[str, list[float]] = {"body": [], "front-matter": []}
    edit_cpu: dict[str, list[float]] = {"body": [], "front-matter": []}
    builds: list[dict] = []
    rss: list[float] = []
    try:
        with serving(project, args.engine) as (proc, base):
            page = f"{base}maps/{mid}/"
            start = time.perf_counter()
            wait_for(page, "</html>")
            print(f"serve's first build: {time.perf_counter() - start:.1f} s, RSS {rss_mib(proc.pid):.0f} MiB",
                  flush=True)
            rounds = args.edits if args.memory else 2 * args.edits
            text = original
            for i in range(rounds):
                kind = ("front-matter", "body")[i % 2]
                if not args.memory and kind == "front-matter":
                    builds.append(full_build(project, out) if args.engine == "mkdocs"
                                  else engine_build("zensical", copy_of(project), out))
                    print(f"  full build {len(builds)}: {builds[-1]['seconds']:.2f} s wall "
                          f"{builds[-1]['cpu']:.2f} s CPU", flush=True)
                marker = f"Edit{i:03d}{kind[0]}"
                text = edit(text, kind, marker)
                time.sleep(0.5)  # the watcher settles; not counted
                cpu = cpu_seconds(proc.pid)
                start = time.perf_counter()
                src.write_text(text, encoding="utf-8")
                wait_for(page, marker)
                seconds = time.perf_counter() - start
                edits[kind].append(seconds)
                edit_cpu[kind].append(cpu_seconds(proc.pid) - cpu)
                rss.append(rss_mib(proc.pid))
                print(f"  edit {i + 1}/{rounds} {kind:12}: {seconds:6.2f} s wall "
                      f"{edit_cpu[kind][-1]:6.2f} s CPU (serve)  RSS {rss[-1]:.0f} MiB", flush=True)
    finally:
        src.write_text(original, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)

    print()
    if args.memory:
        print(f"RSS after edit 1: {rss[0]:.0f} MiB, edit 10: {rss[min(9, len(rss) - 1)]:.0f} MiB, "
              f"last ({len(rss)}): {rss[-1]:.0f} MiB, max {max(rss):.0f} MiB")
        return
    full_wall = statistics.median(b["seconds"] for b in builds)
    full_cpu = statistics.median(b["cpu"] for b in builds)
    print(f"full build (median of {len(builds)}): {full_wall:.2f} s wall, {full_cpu:.2f} s CPU")
    print(f"| {args.size} maps, one map saved | save to served page, s wall (median) | share of a "
          "full build (wall) | serve CPU s (median) | share of a full build (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for kind, times in edits.items():
        med, cpu_med = statistics.median(times), statistics.median(edit_cpu[kind])
        print(f"| {kind} edit | {med:.2f} | {med / full_wall:.1%} | {cpu_med:.2f} | {cpu_med / full_cpu:.1%} |")


if __name__ == "__main__":
    main()
