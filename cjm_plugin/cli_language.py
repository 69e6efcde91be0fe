"""The ``cjm`` command's own words in the writer's language: help, usage and argument errors.

argparse writes its headings ("usage:", "options") and its errors ("the following arguments
are required") in English, from its own gettext domain that no catalogue of ours fills. A
writer who reads cjm's messages in Indonesian should read ``cjm new --help`` and a missing
argument in Indonesian too, so the parser below takes those words from cjm's catalogue.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from cjm_plugin.core.language.translate import ENV, _, available, base_language, choose
from cjm_plugin.core.reading.project import ConfigError, load_project


def help_language(argv: Sequence[str]) -> str:
    """The language to parse in, before the arguments are parsed: ``--lang``, else
    ``CJM_LANG``, else the nearest site's ``theme.language`` (quietly English when there
    is none or it cannot be read: the command reports a broken configuration itself)."""
    option = _option_value(argv, "--lang")
    if option and base_language(option) not in available():
        option = None  # argparse refuses it below, in the language the writer would get
    if option or os.environ.get(ENV):
        return choose(option)
    config = _option_value(argv, "-f", "--config-file")
    try:
        project = load_project(Path.cwd(), Path(config) if config else None)
    except (ConfigError, OSError, ValueError):
        return choose()
    return choose(None, project.language)


def _option_value(argv: Sequence[str], *names: str) -> str | None:
    """The value written after an option (``--lang id`` or ``--lang=id``), if any."""
    for index, word in enumerate(argv):
        for name in names:
            if word == name and index + 1 < len(argv):
                return argv[index + 1]
            if word.startswith(f"{name}="):
                return word.split("=", 1)[1]
    return None


class TranslatedFormatter(argparse.HelpFormatter):
    """argparse's help layout with the word "usage:" in the writer's language."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


#: argparse's error messages (Python 3.11 and later), and what cjm says instead.
_ERRORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"),
     lambda m: _("missing: {names}", names=m["names"])),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     lambda m: _invalid_choice(m["arg"], m["value"], m["choices"])),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"),
     lambda m: _("{argument} needs a value after it", argument=m["arg"])),
    (re.compile(r"unrecognized arguments: (?P<words>.+)"),
     lambda m: _("cjm does not know: {words}", words=m["words"])),
    (re.compile(r"argument (?P<arg>\S+): (?P<detail>.+)"),
     lambda m: _("{argument}: {detail}", argument=m["arg"], detail=m["detail"])),
)


def _invalid_choice(argument: str, value: str, choices: str) -> str:
    """A value that is not one of the choices, with the nearest choice when one is close
    (``cjm bulid``: did you mean 'build'?)."""
    written = [choice.strip() for choice in choices.split(",")]
    close = difflib.get_close_matches(value, written, n=1, cutoff=0.6)
    if argument in ("command", "COMMAND"):
        if close:
            return _("cjm has no command {value}; did you mean {choice}?", value=value, choice=close[0])
        return _("cjm has no command {value}; the commands are {choices}", value=value, choices=choices)
    if close:
        return _("{argument}: {value} is not one of {choices}; did you mean {choice}?",
                 argument=argument, value=value, choices=choices, choice=close[0])
    return _("{argument}: {value} is not one of {choices}", argument=argument, value=value,
             choices=choices)


def translated_error(message: str) -> str:
    """argparse's ``message`` in the writer's language, when it is one cjm knows."""
    for pattern, say in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return say(match)
    return message


class TranslatedParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, ``-h`` and errors are in the writer's language.

    Build it inside ``translate.speaking(...)``: the words are taken when it is made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", TranslatedFormatter)
        helping = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        # The parents' options join this parser's groups by title: so the titles are
        # translated first, and the parents added after (as argparse itself adds them).
        parents: list[argparse.ArgumentParser] = kwargs.pop("parents", [])
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if helping:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_("show this help and exit"))
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}\n'{prog} --help' says what to write.\n",
                       prog=self.prog, message=translated_error(message)))
