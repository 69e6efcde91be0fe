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
from typing import Protocol, TextIO

from cjm_plugin.core.language.translate import _

#: A place in Zensical's messages: a file of the stage's ``docs/``, a line, a column.
_PLACE = re.compile(r"(?<![\w./-])([\w./-]+\.md):(\d+):(\d+)")
#: A terminal's colour and cursor codes (``ESC [ … m``).
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACEBACK = "Traceback (most recent call last):"
STRICT_STOP = "Aborted because --strict flag is set"


class Places(Protocol):
    """Where a file Zensical names comes from: (the writer's file, lines to add)."""

    def get(self, rel: str, /) -> tuple[str, int] | None: ...


#: The lines that join two tracebacks of one chained exception.
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")


@dataclass
class Relay:
    """Passes Zensical's lines on to ``out`` and keeps each traceback aside: it ends at
    the exception's own line, and Zensical's output (in ``cjm serve``, which goes on)
    is passed on again after it."""

    out: TextIO
    colours: bool
    #: The stage's files as the writer knows them (``stage.MessagePlaces``).
    places: Places | None = None
    #: Called with each whole traceback (its lines), when it has ended.
    on_traceback: Callable[[list[str]], None] | None = None
    traceback: list[str] = field(default_factory=list)
    _exception_seen: bool = False

    def feed(self, line: str) -> None:
        if self.traceback:
            if not (self._exception_seen and _starts_other_output(line)):
                self.traceback.append(line)
                if line.startswith((TRACEBACK, *_CHAINED)):  # a chained traceback starts
                    self._exception_seen = False
                elif _starts_other_output(line):  # the exception's own line
                    self._exception_seen = True
                return
            self.close()  # the traceback has ended; Zensical's output goes on
        if line.startswith(TRACEBACK):
            self.traceback = [line]
            return
        line = _PLACE.sub(self._place, line)
        self.out.write(line if self.colours else _ESCAPE.sub("", line))
        self.out.flush()

    def close(self) -> None:
        """Hands the traceback being read, if any, to ``on_traceback``."""
        lines, self.traceback, self._exception_seen = self.traceback, [], False
        if lines and self.on_traceback is not None:
            self.on_traceback(lines)

    def _place(self, found: re.Match[str]) -> str:
        """A staged file's place as the writer's file's: ``maps/one.md:14:5``."""
        known = self.places.get(found.group(1)) if self.places is not None else None
        if known is None:
            return found.group(0)
        shown, shift = known
        return f"{shown}:{max(1, int(found.group(2)) + shift)}:{found.group(3)}"


def _starts_other_output(line: str) -> bool:
    """A line that is not a traceback's frame (indented), blank, or the start of a
    chained one: the exception's own line, or whatever Zensical prints after it."""
    return bool(line.strip()) and not line[:1].isspace() and not line.startswith((TRACEBACK, *_CHAINED))


def stop_sentence(traceback: list[str], log_file: Path) -> str:
    """Why Zensical stopped, in one sentence, for a traceback it printed (written whole
    to ``log_file``)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text("".join(traceback), encoding="utf-8")
    last = next((line.strip() for line in reversed(traceback) if line.strip()), "")
    if STRICT_STOP in last:
        return _("Zensical stopped because --strict is set and it found the problems "
                 "above: correct each one at the file and line it names, or build "
                 "without --strict")
    return _("Zensical stopped with an error: {error} (the details are in {file})",
             error=_ESCAPE.sub("", last), file=log_file)


def run_zensical(command: list[str], cwd: Path, log_file: Path,
                 places: Places) -> tuple[int, str | None]:
    """Runs Zensical; returns its exit code and, when it printed a traceback, the
    sentence that says why it stopped (see :class:`Relay`)."""
    process = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8", errors="replace")
    tracebacks: list[list[str]] = []
    relay = Relay(sys.stderr, sys.stderr.isatty(), places, tracebacks.append)
    assert process.stderr is not None
    for line in process.stderr:
        relay.feed(line)
    relay.close()
    return process.wait(), stop_sentence(tracebacks[-1], log_file) if tracebacks else None


def relay_in_background(process: subprocess.Popen[str], log_file: Path,
                        places: Places, say: Callable[[str], None]) -> threading.Thread:
    """Passes a running Zensical's standard error on (``cjm serve``) from a thread,
    which ``say``s why, each time Zensical prints a traceback. ``places`` is read as the
    lines come: the caller updates it after each save. Join the thread after the
    process ends, so that its last words are said."""
    def relay_lines() -> None:
        relay = Relay(sys.stderr, sys.stderr.isatty(), places,
                      lambda lines: say(stop_sentence(lines, log_file)))
        assert process.stderr is not None
        for line in process.stderr:
            relay.feed(line)
        relay.close()

    thread = threading.Thread(target=relay_lines, daemon=True)
    thread.start()
    return thread
