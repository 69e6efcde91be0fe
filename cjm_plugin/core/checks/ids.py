"""Ids and file names: each is the last part of a page's address.

A file's id (its ``id:`` or its file name) becomes ``maps/<id>/`` or
``personas/<id>/``: it must be a name an address, HTML and a shell can carry
(:mod:`~cjm_plugin.core.addresses`), and no two files may share one, not even
ids equal but for capitals and accents, which share a page on many computers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..addresses import (address_problem, case_key, collision_key, file_stem, lookalikes,
                         name_problem, slugify)
from ..problems import Problem
from ..source import SourceFile

#: A file that was read and is valid on its own: its source, its model and its id.
Found = tuple[SourceFile, Any, str]


def check_id(src: SourceFile, ident: str, kind: str, file: Path) -> None:
    """An id is the last part of the page's address (``maps/<id>/``); what it may be is
    one rule, :func:`~cjm_plugin.core.addresses.id_problem`: characters that break an
    address, HTML or a shell (in the file name as in the id), ``index``, ``/``, a
    leading ``.``, an ending like ``.html`` or a map's export. The problems go to
    ``src.problems``: this check runs with the file's own."""
    where = ("id",) if isinstance(src.data, dict) and "id" in src.data else ()
    field_name = "id" if where else ""
    stem = file_stem(file)
    name_issue = name_problem(stem, "the file name")
    if name_issue:
        src.problems.append(Problem(src.path, 1, 1, name_issue))
        return
    if not where and (" " in stem or stem != stem.lower()):
        folder = "personas" if kind == "persona" else "maps"
        src.problems.append(Problem(src.path, 1, 1, (
            f"the file name becomes the page's address ({folder}/{stem}/); use lowercase "
            f"letters and '-' ({slugify(stem)}.md), or set 'id:'"), severity="warning"))
    if where:
        id_issue = name_problem(ident, "the id")
        if id_issue:
            src.problems.append(src.problem(where, id_issue, field_name=field_name))
            return
    message = address_problem(ident, kind)
    if message:
        src.problems.append(src.problem(where, message, field_name=field_name))


def unique_ids(kind: str, found: list[Found]) -> tuple[list[Found], set[str], list[Problem]]:
    """The files of one kind with an id of their own; the ids files share; and for each
    file that shares one, a problem naming all of them as equals. None of those is
    published: which one won would depend on file names."""
    groups: dict[str, list[Found]] = {}
    for item in found:
        groups.setdefault(collision_key(item[2]), []).append(item)
    unique: list[Found] = []
    shared: set[str] = set()
    problems: list[Problem] = []
    for group in groups.values():
        if len(group) > 1:
            shared.update(ident for _, _, ident in group)
            problems.extend(_shared_id(src, kind, group) for src, _, _ in group)
        else:
            unique.append(group[0])
    return unique, shared, problems


def _shared_id(src: SourceFile, kind: str, group: list[Found]) -> Problem:
    """The same message for every file of ``group``, located at this file's id."""
    where = ("id",) if isinstance(src.data, dict) and "id" in src.data else ()
    ids = list(dict.fromkeys(ident for _, _, ident in group))
    none = "neither" if len(group) == 2 else "none"
    if len(ids) == 1:
        paths = " and ".join(other.path for other, _, _ in group)
        message = (f"{kind} id '{ids[0]}' is used by {len(group)} files, {paths}; {none} is "
                   "published until each has its own id: rename a file or set a different 'id:'")
    elif len({case_key(ident) for ident in ids}) == 1:
        named = " and ".join(f"'{ident}' ({other.path})" for other, _, ident in group)
        message = (f"{kind} ids {named} differ only by capitals or accents and would share a "
                   f"page on many computers; {none} is published until one is renamed or "
                   "given a different 'id:'")
    else:
        named = " and ".join(f"'{ident}' ({other.path})" for other, _, ident in group)
        letters = {ch: latin for ident in ids for ch, latin in lookalikes(ident).items()}
        shown = ", ".join(f"U+{ord(ch):04X} looks like '{latin}'" for ch, latin in letters.items())
        which = f" ({shown})" if shown else ""
        message = (f"{kind} ids {named} look the same but are written with different "
                   f"characters{which}; a reader could not tell their pages apart, so {none} "
                   "is published until one is renamed or given a different 'id:'")
    return src.problem(where, message, field_name="id" if where else "")
