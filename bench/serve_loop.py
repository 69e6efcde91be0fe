"""The preview loop as a contributor lives it: save one map, wait for the served page.

    .venv/bin/python bench/serve_loop.py --size 1000 --edits 5
    .venv/bin/python bench/serve_loop.py --size 1000 --edits 100 --memory   # RSS over 100 edits
    .venv/bin/python bench/serve_loop.py --size 1000 --profile             # cProfile one rebuild
    .venv/bin/python bench/serve_loop.py --size 1000 --engine zensical     # cjm serve on Zensical

Runs the real ``mkdocs serve --dirty`` (the command the docs recommend) on the
generated plugin site (``generate.py``) in a child process. Each round: one full
``mkdocs build`` of the same site in its own process (wall and CPU seconds), then one
save of each kind in the served site, in turn:

* **body**: a sentence added to the map's Markdown (its page alone shows it);
* **front-matter**: a word added to the map's first pain point (its page, its
  personas' pages, the map it compares with, and the maps, touchpoints, backlog and
  reviews pages show it);
* **title**: a word added at the end of the map's title (its place in the order
  stays): every page that shows the title, which with ``navigation.prune`` is the
  map's navigation group and the pages that name or list it;
* **new map**: a copy of another map with its own id and a title of its own (placed
  next to that map's): each round a different map, spread evenly over the handbook, so
  that the new map lands in another navigation group and part of each list each time;
  then **removed map**: that copy deleted again.

The time of a save is from the file's write until the page that shows it answers
with the change (polled every 20 ms) *and* the serve logged the end of that build
("Documentation built"), so it includes the file watcher and the whole rebuild. The
CPU seconds are the serve process's over the same span. The serve's first build is
not counted. The edited map is restored and the copy removed.

``--engine zensical``: ``cjm serve --engine zensical`` instead (it stages the handbook
again on each save and Zensical's own server rebuilds what changed); the full build is
``cjm build --engine zensical`` (``engines.py``), and CPU and RSS are those of cjm and
its Zensical child together.
``--memory``: the RSS of the serve process (``/proc/<pid>/status``) after every
edit, front-matter and body edits alternating, no full builds in between.
``--profile [--kind K]``: in this process, a first dirty build then one save of kind
K (default front-matter) rebuilt under cProfile (top functions by cumulative time).
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
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engines import build as engine_build  # noqa: E402
from generate import generate  # noqa: E402
from run import EPOCH, machine  # noqa: E402
from run import build as full_build

ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def pick_map(project: Path) -> str:
    """A published current-state map that compares with another (the busiest kind)."""
    for path in sorted((project / "maps").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "compares:" in text and "status: published" in text and "type: current-state" in text:
            return path.stem
    raise SystemExit("no map to edit")


KINDS = ("body", "front-matter", "title", "new map", "removed map")


def edit(text: str, kind: str, marker: str) -> str:
    if kind == "body":
        return text + f"\n{marker}\n"
    if kind == "title":
        new, n = re.subn(r'^(title: ".*)"$', rf'\1 {marker}"', text, count=1, flags=re.M)
        assert n == 1, "no title to edit"
        return new
    new, n = re.subn(r'pain_points: \["', f'pain_points: ["{marker} ', text, count=1)
    assert n == 1, "no pain point to edit"
    return new


def spread(project: Path, count: int) -> list[Path]:
    """``count`` maps spread evenly over the handbook (by file name, which is its
    order): each round's new map lands next to another one, in another navigation group
    and part of each list, so the median is not one place's luck."""
    paths = sorted((project / "maps").glob("*.md"))
    step = max(1, len(paths) // (count + 1))
    return [paths[min(len(paths) - 1, (i + 1) * step)] for i in range(count)]


def copy_of(text: str, marker: str) -> str:
    """A new map made from ``text``: the same content under a title of its own, which the
    handbook's order puts right after the original's."""
    return edit(text, "title", f"(copy {marker})")


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


def builds_done(log: Path) -> int:
    """How many builds the serve has finished so far. MkDocs logs each one's end
    ("Documentation built in 3.80 seconds") but drops a message it logged before
    (``DuplicateFilter``): a rebuild as long as an earlier one, to the hundredth, says
    nothing, and the bench waited forever. Its server logs "[12:19:43] Reloading
    browsers" after each rebuild (the first build: only the former)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    built = text.count("Documentation built in")
    return max(built, built and 1 + text.count("Reloading browsers"))


def wait_built(log: Path, done: int, timeout: float = 1800) -> None:
    """Until the serve logged the end of a build after the ``done`` it had finished."""
    start = time.perf_counter()
    while builds_done(log) <= done:
        if time.perf_counter() - start > timeout:
            raise SystemExit("the serve never finished its build")
        time.sleep(0.02)


def wait_gone(url: str, timeout: float = 1800, poll: float = 0.02) -> None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=30):
                pass
        except OSError:
            return
        time.sleep(poll)
    raise SystemExit(f"{url} is still served")


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


def serve_log(project: Path) -> Path:
    return project.parent / "serve-bench.log"


@contextlib.contextmanager
def serving(project: Path, engine: str = "mkdocs") -> Iterator[tuple[subprocess.Popen, str]]:
    port = free_port()
    log = open(serve_log(project), "w", encoding="utf-8")  # noqa: SIM115
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


def project_copy(project: Path) -> Path:
    """A copy of the project for Zensical's full builds, which remove their stage
    (``.cjm/``): the served project's stage is in use."""
    copy = project.parent / "plugin-full-build"
    if not copy.exists():
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cjm", ".cache"))
    return copy


def profile(project: Path, mid: str, kind: str) -> None:
    os.environ.update(ENV)
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site = tempfile.mkdtemp(prefix="cjm-serve-profile-")
    url = "http://127.0.0.1:8000/"

    def rebuild(first: bool = False) -> set[str]:
        # As `mkdocs serve` does: MkDocs keeps a plugin with on_startup across loads of
        # the configuration, and starts it once, so the second build is a preview's rebuild.
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        config.site_url = url
        build(config, serve_url=url, dirty=True)
        return set(config.plugins["cjm"].preview.built)

    src = project / "maps" / f"{mid}.md"
    copy = project / "maps" / "new-profiled.md"
    original = src.read_text(encoding="utf-8")
    try:
        start = time.perf_counter()
        rebuild(first=True)
        print(f"first build: {time.perf_counter() - start:.2f} s")
        if kind == "new map":
            copy.write_text(copy_of(original, "Profiled"), encoding="utf-8")
        else:
            src.write_text(edit(original, kind, "Profiled"), encoding="utf-8")
        prof = cProfile.Profile()
        started = time.time()
        start = time.perf_counter()
        prof.enable()
        built = rebuild()
        prof.disable()
        print(f"one {kind} save's rebuild: {time.perf_counter() - start:.2f} s (under cProfile)")
        # Which pages it rendered (not those rebuilt for their navigation alone, which
        # reuse their content): by their first folder, so a change that reaches too far shows.
        folders = Counter(url.split("/", 1)[0] or "(home)" for url in built)
        print(f"pages rendered: {len(built)}", dict(folders.most_common()))
        written = Counter(str(p.relative_to(site)).split("/", 1)[0] for p in Path(site).rglob("index.html")
                          if p.stat().st_mtime >= started)
        print(f"pages written (rendered, or for their navigation): {sum(written.values())}",
              dict(written.most_common()))
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    finally:
        src.write_text(original, encoding="utf-8")
        copy.unlink(missing_ok=True)
        shutil.rmtree(site, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=5, help="saves of each kind (with --memory: in all)")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--kind", choices=KINDS[:-1], default="front-matter", help="the save --profile profiles")
    ap.add_argument("--map", help="the map that is edited (default: a compared current-state map)")
    ap.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    args = ap.parse_args()

    # Stopped with SIGTERM: still restore the edited map (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    project = generate(args.size) / "plugin"
    mid = args.map or pick_map(project)
    if args.profile:
        profile(project, mid, args.kind)
        return
    print(machine())
    src = project / "maps" / f"{mid}.md"
    original = src.read_text(encoding="utf-8")
    log = serve_log(project)
    out = Path(tempfile.mkdtemp(prefix="cjm-serve-full-"))
    kinds = ("front-matter", "body") if args.memory else KINDS
    neighbours = spread(project, args.edits)
    edits: dict[str, list[float]] = {kind: [] for kind in kinds}
    edit_cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
    builds: list[dict] = []
    rss: list[float] = []
    copy: Path | None = None
    try:
        with serving(project, args.engine) as (proc, base):
            page = f"{base}maps/{mid}/"
            start = time.perf_counter()
            wait_for(page, "</html>")
            wait_built(log, 0)
            print(f"serve's first build: {time.perf_counter() - start:.1f} s, RSS {rss_mib(proc.pid):.0f} MiB",
                  flush=True)
            rounds = args.edits if args.memory else args.edits * len(kinds)
            text = original
            for i in range(rounds):
                kind = kinds[i % len(kinds)]
                if not args.memory and kind == kinds[0]:
                    builds.append(full_build(project, out) if args.engine == "mkdocs"
                                  else engine_build("zensical", project_copy(project), out))
                    print(f"  full build {len(builds)}: {builds[-1]['seconds']:.2f} s wall "
                          f"{builds[-1]['cpu']:.2f} s CPU", flush=True)
                marker = f"Edit{i:03d}{kind[0]}"
                time.sleep(0.5)  # the watcher settles; not counted
                done = builds_done(log)
                cpu = cpu_seconds(proc.pid)
                start = time.perf_counter()
                if kind == "new map":
                    copy = project / "maps" / f"new-{marker.lower()}.md"
                    beside = neighbours[len(edits[kind]) % len(neighbours)]
                    copy.write_text(copy_of(beside.read_text(encoding="utf-8"), marker), encoding="utf-8")
                    wait_for(f"{base}maps/{copy.stem}/", marker)
                elif kind == "removed map":
                    assert copy is not None
                    copy.unlink()
                    wait_gone(f"{base}maps/{copy.stem}/")
                    copy = None
                else:
                    text = edit(text, kind, marker)
                    src.write_text(text, encoding="utf-8")
                    wait_for(page, marker)
                wait_built(log, done)
                seconds = time.perf_counter() - start
                edits[kind].append(seconds)
                edit_cpu[kind].append(cpu_seconds(proc.pid) - cpu)
                rss.append(rss_mib(proc.pid))
                print(f"  edit {i + 1}/{rounds} {kind:12}: {seconds:6.2f} s wall "
                      f"{edit_cpu[kind][-1]:6.2f} s CPU (serve)  RSS {rss[-1]:.0f} MiB", flush=True)
    finally:
        src.write_text(original, encoding="utf-8")
        if copy is not None:
            copy.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)

    print()
    if args.memory:
        print(f"RSS after edit 1: {rss[0]:.0f} MiB, edit 10: {rss[min(9, len(rss) - 1)]:.0f} MiB, "
              f"last ({len(rss)}): {rss[-1]:.0f} MiB, max {max(rss):.0f} MiB")
        return
    full_wall = statistics.median(b["seconds"] for b in builds)
    full_cpu = statistics.median(b["cpu"] for b in builds)
    print(f"full build (median of {len(builds)}): {full_wall:.2f} s wall, {full_cpu:.2f} s CPU")
    print(f"| {args.size} maps, one save | save to served page and build done, s wall (median) | share of a "
          "full build (wall) | serve CPU s (median) | share of a full build (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for kind, times in edits.items():
        med, cpu_med = statistics.median(times), statistics.median(edit_cpu[kind])
        print(f"| {kind} | {med:.2f} | {med / full_wall:.1%} | {cpu_med:.2f} | {cpu_med / full_cpu:.1%} |")


if __name__ == "__main__":
    main()
