"""The generated pages rendered in several processes, for ``cjm build`` on Zensical.

Rendering every generated page (cjm's templates) is a third of ``cjm build --engine
zensical`` at 1,000 maps, done before Zensical starts, on one core (bench/README.md).
Once the plan is made, the pages are independent: forked children share the plan as it
is in memory (nothing is pickled but the rendered bytes coming back), each renders every
n-th page, and the parent meanwhile makes the exports. Where ``fork`` is not the
platform's way to start a process (Windows; macOS, where forking a process that loaded
system frameworks is unsafe), or there are few pages, the pages are rendered in turn, as
``cjm serve`` always does (a save renders a few pages).

The result is the same bytes either way (``tests/test_zensical.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable

from cjm_plugin.core.publishing.plan import HandbookPlan, PlannedPage

#: Below this many pages one process renders them all: starting more costs more.
MIN_PAGES = 200

#: What a page becomes on the stage: its Markdown and its parts file.
Staged = tuple[bytes, bytes]
StagePage = Callable[[PlannedPage], Staged]

#: The work a forked child was given (its copy of the parent's plan); set in the child.
_work: tuple[list[PlannedPage], StagePage] | None = None


def workers() -> int:
    """How many processes render the pages: the cores this process may use, at most 4
    (each holds a copy-on-write view of the plan), and one where forking is not safe."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))


def staged_pages(plan: HandbookPlan, stage_page: StagePage, *, processes: int | None = None,
                 min_pages: int = MIN_PAGES) -> dict[str, Staged]:
    """Each generated page staged by ``stage_page``, by path, in the plan's order; the
    exports made meanwhile (``plan.exports`` is ready when this returns)."""
    pages = list(plan.pages.values())
    count = workers() if processes is None else processes
    if count < 2 or len(pages) < min_pages:
        _ = plan.exports
        return {page.uri: stage_page(page) for page in pages}
    context = multiprocessing.get_context("fork")
    with context.Pool(count, initializer=_start, initargs=(pages, stage_page)) as pool:
        # Every count-th page to each child: the heavy index pages are spread out.
        pending = pool.map_async(_stage_every, [(i, count) for i in range(count)], chunksize=1)
        _ = plan.exports  # in the parent, while the children render
        done = pending.get()
    staged = {page.uri: result for first, results in enumerate(done)
              for page, result in zip(pages[first::count], results, strict=True)}
    return {page.uri: staged[page.uri] for page in pages}  # in the plan's order


def _start(pages: list[PlannedPage], stage_page: StagePage) -> None:
    global _work
    _work = (pages, stage_page)


def _stage_every(task: tuple[int, int]) -> list[Staged]:
    first, step = task
    if _work is None:  # pragma: no cover - the pool's initializer sets it
        raise RuntimeError("no pages given to this process")
    pages, stage_page = _work
    return [stage_page(page) for page in pages[first::step]]
