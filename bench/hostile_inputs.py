"""Time and peak memory of `cjm check` and `mkdocs build` on each hostile input of the
security reviews (tests/test_security.py and tests/test_security_pages.py build the same
inputs and assert the messages).

    .venv/bin/python bench/hostile_inputs.py            # prints a Markdown table
    .venv/bin/python bench/hostile_inputs.py --growth   # build time at 1/4, 1/2 and all of each body limit

Each input is a small project in a temporary folder: a valid map and persona plus the
hostile file. Each command runs once as a child process; its wall time and its peak
resident memory (from the kernel's accounting of that child, os.wait4) are printed.
The figures recorded in docs/security.md come from this script.
"""

from __future__ import annotations

import argparse
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
from test_security_bodies import HOSTILE_BODIES, PUBLISHED, _stages  # noqa: E402
from test_security_pages import FILE_SIZE_BOUND, LOOK_ALIKES, published_map  # noqa: E402

from cjm_plugin.core.checks import sizes  # noqa: E402


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
                     for s in range(sizes.MAX_STAGES))
    return {"maps/g.md": front("title: G\nstatus: published\nlanes:\n" + lanes + "stages:\n" + stages)}


def _comparison() -> dict[str, str]:
    stages = "".join(f"  - name: Stage {i}\n    steps:\n      - name: S{i}\n        score: 3\n"
                     for i in range(sizes.MAX_STAGES))
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
    f"300 lanes x {sizes.MAX_STAGES} stages": _grid,
    f"comparison of {sizes.MAX_STAGES} stages": _comparison,
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
    "20,000 one-step stages": lambda: {
        "maps/s.md": front("title: S\nstatus: published\nstages:\n" + _stages(20_000))},
    "!!binary title": lambda: {"maps/b.md": front("title: !!binary SGlkZGVu\n" + STAGES)},
    **{f"body: {name}": (lambda body=body: {"maps/x.md": front(PUBLISHED, body)})
       for name, (body, _) in HOSTILE_BODIES.items()},
}

#: Bodies of one shape, at a fraction of the limit that bounds that shape (``--growth``):
#: the build's time must grow in proportion, never faster, up to the limit.
GROWTH: dict[str, Callable[[float], str]] = {
    "nothing (the build's fixed cost)": lambda f: "",
    "headings": lambda f: "## h\n\n" * int(sizes.MAX_BODY_HEADINGS * f),
    "links": lambda f: ("[a](b) " * 500 + "\n\n") * int(sizes.MAX_BODY_LINKS * f / 500),
    "emphasis": lambda f: ("*a* " * 2_500 + "\n\n") * int(sizes.MAX_BODY_MARKS * f / 5_000),
    "HTML tags left open": lambda f: ("<b>x" * sizes.MAX_BLOCK_TAGS + "\n\n")
    * int(sizes.MAX_BODY_TAGS * f / sizes.MAX_BLOCK_TAGS),
    "table cells": lambda f: ("|" + " x |" * 50 + "\n|" + "---|" * 50 + "\n"
                              + ("|" + " x |" * 50 + "\n") * int((sizes.MAX_BODY_CELLS // 51 - 2) * f)),
    "blocks of 1,000 list items": lambda f: ("- item\n" * 998 + "\n") * int(sizes.MAX_BODY_LINES * f / 1_000),
    "plain text (2 MB)": lambda f: ("word " * 19_000 + "\n\n") * int(20 * f),
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
    wall, _, mb, status = measure_cpu(args, cwd, before)
    return wall, mb, status


def measure_cpu(args: list[str], cwd: Path,
                before: Callable[[], None] | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user and system: on a shared machine they do not grow
    with the other work), peak RSS in MB and exit status of one child process."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, preexec_fn=before)
    _, status, usage = os.wait4(child.pid, 0)
    return (time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def _project(tmp: str, files: dict[str, str]) -> Path:
    base = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
            "maps/good.md": MAP.format(title="Good", persona="dina")}
    return make_project(Path(tmp) / "p", {**base, **files})


def growth() -> None:
    """Build CPU time and memory of each body shape at a quarter, half and all of its limit."""
    print("| body | 1/4 of the limit | 1/2 | the limit |")
    print("|---|---|---|---|")
    for name, body in GROWTH.items():
        cells = []
        for fraction in (0.25, 0.5, 1.0):
            text = body(fraction)
            with tempfile.TemporaryDirectory() as tmp:
                project = _project(tmp, {"maps/x.md": front(PUBLISHED, text)})
                _, seconds, mb, status = measure_cpu([sys.executable, "-m", "mkdocs", "build", "-q",
                                                      "-d", str(project / "site")], project)
                built = (project / "site/maps/x/index.html").is_file()
            flag = "" if status == 0 and built else " (not built)"
            cells.append(f"{len(text.encode()) / 1024:.0f} KB: {seconds:.1f} s CPU, {mb:.0f} MB{flag}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--growth", action="store_true", help="time each body shape up to its limit")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    if args.growth:
        growth()
        return
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
                                 ("Lorem ipsum dolor sit amet. " * 3_400 + "\n\n") * 20)})
        args = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")]
        run = measure(args, project, _full_disk)
    print(f"| mkdocs build on a full disk (files over {FILE_SIZE_BOUND:,} bytes fail) | "
          f"{run[0]:.1f} s, {run[1]:.0f} MB (exit {run[2]}) |")


if __name__ == "__main__":
    main()
