"""Zensical's messages, passed on to the writer as they come, without what only a
programmer can read.

Zensical prints its warnings (a missing page, with file and line) on standard error,
coloured even when that is a log file, and ends a ``--strict`` build that found any with
Python's traceback of ``RuntimeError: Aborted because --strict flag is set``. cjm passes
each line on (its colours only to a terminal), keeps a traceback out of the writer's
way (whole, in ``.cjm/zensical-error.log``) and says in one sentence, in the site's
language, why Zensical stopped.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cjm_plugin.core.language.translate import _

#: A place in Zensical's messages: a file of the stage's ``docs/``, a line, a column.
_PLACE = re.compile(r"(?<![\w./-])([\w./-]+\.md):(\d+):(\d+)")
#: A terminal's colour and cursor codes (``ESC [ … m``).
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACEBACK = "Traceback (most recent call last):"
STRICT_STOP = "Aborted because --strict flag is set"


@dataclass
class Relay:
    """Passes Zensical's lines on to ``out`` and keeps a traceback aside."""

    out: TextIO
    colours: bool
    #: The stage's files as the writer knows them (``stage.message_places``).
    places: dict[str, tuple[str, int]] = field(default_factory=dict)
    traceback: list[str] = field(default_factory=list)

    def feed(self, line: str) -> None:
        if self.traceback or line.startswith(TRACEBACK):
            self.traceback.append(line)
            return
        line = _PLACE.sub(self._place, line)
        self.out.write(line if self.colours else _ESCAPE.sub("", line))
        self.out.flush()

    def _place(self, found: re.Match[str]) -> str:
        """A staged file's place as the writer's file's: ``maps/one.md:14:5``."""
        known = self.places.get(found.group(1))
        if known is None:
            return found.group(0)
        shown, shift = known
        return f"{shown}:{max(1, int(found.group(2)) + shift)}:{found.group(3)}"

    def stop_sentence(self, log_file: Path) -> str | None:
        """Why Zensical stopped, in one sentence, when it ended with a traceback (then
        written to ``log_file``); None otherwise."""
        if not self.traceback:
            return None
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text("".join(self.traceback), encoding="utf-8")
        last = next((line.strip() for line in reversed(self.traceback) if line.strip()), "")
        if STRICT_STOP in last:
            return _("Zensical stopped because --strict is set and it found the problems "
                     "above: correct each one at the file and line it names, or build "
                     "without --strict")
        return _("Zensical stopped with an error: {error} (the details are in {file})",
                 error=_ESCAPE.sub("", last), file=log_file)


def run_zensical(command: list[str], cwd: Path, log_file: Path,
                 places: dict[str, tuple[str, int]]) -> tuple[int, str | None]:
    """Runs Zensical; returns its exit code and, when it ended with a traceback, the
    sentence that says why (see :class:`Relay`)."""
    process = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8", errors="replace")
    relay = Relay(sys.stderr, sys.stderr.isatty(), places)
    assert process.stderr is not None
    for line in process.stderr:
        relay.feed(line)
    return process.wait(), relay.stop_sentence(log_file)


def relay_in_background(process: subprocess.Popen[str], log_file: Path,
                        places: dict[str, tuple[str, int]], say: Callable[[str], None]) -> threading.Thread:
    """Passes a running Zensical's standard error on (``cjm serve``) from a thread,
    which ``say``s why Zensical stopped if it ends with a traceback. ``places`` is read
    as the lines come: the caller updates it after each save."""
    def relay_lines() -> None:
        relay = Relay(sys.stderr, sys.stderr.isatty(), places)
        assert process.stderr is not None
        for line in process.stderr:
            relay.feed(line)
        sentence = relay.stop_sentence(log_file)
        if sentence:
            say(sentence)

    thread = threading.Thread(target=relay_lines, daemon=True)
    thread.start()
    return thread
