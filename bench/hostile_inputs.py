"""Time and peak memory of `cjm check` and `mkdocs build` on each hostile input of the
security reviews (tests/test_security.py and tests/test_security_pages.py build the same
inputs and assert the messages).

    .venv/bin/python bench/hostile_inputs.py            # prints a Markdown table

Each input is a small project in a temporary folder: a valid map and persona plus the
hostile file. Each command runs once as a child process; its wall time and its peak
resident memory (from the kernel's accounting of that child, os.wait4) are printed.
The figures recorded in docs/security.md come from this script.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from support import FIXED_EPOCH, MAP, PERSONA, make_project  # noqa: E402
from test_security import STAGES, XSS_NAME, front, merge_bomb  # noqa: E402
from test_security_pages import FILE_SIZE_BOUND, LOOK_ALIKES, published_map  # noqa: E402


def _lanes_times_keys() -> dict[str, str]:
    lanes = "".join(f"  lane_{i:04}_with_a_long_name: Label {i}\n" for i in range(1500))
    steps = "".join(f"        lane_{i:04}_with_a_long_nam: x\n" for i in range(1500))
    return {"maps/m.md": front("title: T\nlanes:\n" + lanes + "stages:\n  - name: A\n    steps:\n"
                               "      - name: S\n        score: 3\n" + steps)}


def _answers() -> dict[str, str]:
    pains = "".join(f"          - Pain point number {i} of the current journey\n" for i in range(2000))
    answers = "".join(f"          - Pain point numbr {i} of the current journey\n" for i in range(2000))
    head = "stages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"
    return {
        "maps/c.md": front("title: C\ncompares: f\nstatus: published\n" + head + "        pain_points:\n" + pains),
        "maps/f.md": front("title: F\ntype: future-state\ncompares: c\nstatus: published\n" + head
                           + "        answers:\n" + answers)}


def _grid() -> dict[str, str]:
    lanes = "".join(f"  l{i}: L{i}\n" for i in range(300))
    stages = "".join(f"  - name: S{s}\n    l{s}: v\n    steps:\n      - name: T{s}\n        score: 3\n"
                     for s in range(300))
    return {"maps/g.md": front("title: G\nstatus: published\nlanes:\n" + lanes + "stages:\n" + stages)}


def _comparison() -> dict[str, str]:
    stages = "".join(f"  - name: Stage {i}\n    steps:\n      - name: S{i}\n        score: 3\n"
                     for i in range(4000))
    return {"maps/c.md": front("title: C\ncompares: f\nstatus: published\nstages:\n" + stages),
            "maps/f.md": front("title: F\ntype: future-state\ncompares: c\nstatus: published\nstages:\n"
                               + stages)}


def _look_alikes() -> dict[str, str]:
    items = ", ".join('"' + t.encode("unicode_escape").decode() + '"' for t in LOOK_ALIKES)
    return {"maps/m.md": front("title: M\nstatus: published\nstages:\n  - name: A\n    steps:\n"
                               f"      - name: S\n        score: 3\n        pain_points: [{items}]\n")}


def _metric(value: str) -> dict[str, str]:
    return {"maps/m.md": front(
        "title: M\nstatus: published\npersona: dina\nstages:\n  - name: A\n    steps:\n"
        "      - name: S\n        score: 3\n        metrics:\n"
        f"          - {{name: Conversion, value: {value}, target: 3}}\n")}


INPUTS: dict[str, Callable[[], dict[str, str]]] = {
    "file name with quotes (stored XSS)": lambda: {f"maps/personas/{XSS_NAME}": front("id: x\nname: X\n")},
    f"merge-key bomb ({len(merge_bomb())} bytes)": lambda: {"maps/b.md": front(merge_bomb() + "title: T\n" + STAGES)},
    "1,500 unknown keys x 1,500 lanes": _lanes_times_keys,
    "2,000 unmatched answers x 2,000 pain points": _answers,
    "300 lanes x 300 stages": _grid,
    "comparison of 4,000 stages": _comparison,
    "updated: 9999-12-01": lambda: {"maps/d.md": front("updated: 9999-12-01\ntitle: T\n" + STAGES)},
    "nested emphasis body (4 KB)": lambda: {
        "maps/e.md": front("title: E\nstatus: published\n" + STAGES, "*" * 2000 + "x" + "*" * 2000)},
    "5 MB file": lambda: {"maps/big.md": front("title: T\n" + STAGES, "x" * (5 << 20))},
    "1 MB title": lambda: {"maps/t.md": front("title: " + "T" * 1_000_000 + "\n" + STAGES)},
    # issue 19
    "map id over a hand-written docs/maps/x/index.md": lambda: {
        "maps/x.md": published_map("X"), "docs/maps/x/index.md": "# Ours\n"},
    "persona id over a hand-written docs/personas/x.md": lambda: {
        "maps/personas/x.md": front("name: X\n"), "docs/personas/x.md": "# Ours\n"},
    "docs/backlog/backlog.csv written by hand": lambda: {"docs/backlog/backlog.csv": "ours\n"},
    "id: index.html": lambda: {"maps/m.md": front("id: index.html\ntitle: T\nstatus: published\n"
                                                  + STAGES)},
    "a.json.md beside a.md (the preview's case)": lambda: {
        "maps/a.md": published_map("A"), "maps/a.json.md": published_map("A json")},
    "metric value: .inf": lambda: _metric(".inf"),
    "metric value: 1e400": lambda: _metric("1e400"),
    "review_every: 1:30": lambda: {"maps/m.md": published_map("M", "review_every: 1:30\n")},
    "CSV look-alikes (full-width ＝ ＋ － ＠, BOM or zero-width before =, a pipe)": _look_alikes,
}


def _fifo(project: Path) -> list[str]:
    os.mkfifo(project / "pipe")
    return ["check", "pipe"]


def _linked_folder(project: Path) -> list[str]:
    (project / "elsewhere").mkdir()
    (project / "elsewhere/other.md").write_text(MAP.format(title="Other", persona="dina"))
    os.symlink(project / "elsewhere", project / "maps/linked")
    return ["check", "maps"]


#: Inputs of the command line: each prepares the project and gives `cjm`'s arguments.
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "cjm new with a 10,000-character title": lambda p: ["new", "map", "x" * 10_000, "--persona", "dina"],
    "cjm new with a 40-word title": lambda p: ["new", "map", " ".join(["kata"] * 40), "--persona", "dina"],
    "cjm check on a named pipe": _fifo,
    "cjm check on /dev/zero": lambda p: ["check", "/dev/zero"],
    "cjm check with a link to a folder in maps/": _linked_folder,
}


def _full_disk() -> None:  # in the child, before exec: writes past the bound fail (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_BOUND, FILE_SIZE_BOUND))


def measure(args: list[str], cwd: Path,
            before: Callable[[], None] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit status of one child process."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, preexec_fn=before)
    _, status, usage = os.wait4(child.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| input | `cjm check` | `mkdocs build` |")
    print("|---|---|---|")
    for name, files in INPUTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            base = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
                    "maps/good.md": MAP.format(title="Good", persona="dina")}
            project = make_project(Path(tmp) / "p", {**base, **files()})
            check = measure([sys.executable, "-m", "cjm_plugin.cli", "check", "maps"], project)
            build = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                             str(project / "site")], project)
        print(f"| {name} | {check[0]:.1f} s, {check[1]:.0f} MB | {build[0]:.1f} s, {build[1]:.0f} MB |")
    print()
    print("| command-line input | `cjm` |")
    print("|---|---|")
    for name, prepare in COMMANDS.items():
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp) / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina")})
            run = measure([sys.executable, "-m", "cjm_plugin.cli", *prepare(project)], project)
        print(f"| {name} | {run[0]:.1f} s, {run[1]:.0f} MB (exit {run[2]}) |")
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p", {
            "maps/personas/dina.md": PERSONA.format(name="Dina"),
            "maps/big.md": front("title: Big\nstatus: published\n" + STAGES,
                                 "Lorem ipsum dolor sit amet. " * 68_000)})
        args = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")]
        run = measure(args, project, _full_disk)
    print(f"| mkdocs build on a full disk (files over {FILE_SIZE_BOUND:,} bytes fail) | "
          f"{run[0]:.1f} s, {run[1]:.0f} MB (exit {run[2]}) |")


if __name__ == "__main__":
    main()
