"""Ids and file names: each is the last part of a page's address.

A file's id (its ``id:`` or its file name) becomes ``maps/<id>/`` or
``personas/<id>/``: it must be a name an address, HTML and a shell can carry
(:mod:`~cjm_plugin.core.publishing.addresses`), and no two files may share one, not even
ids equal but for capitals and accents, which share a page on many computers.
"""

from __future__ import annotations

from typing import Any

from cjm_plugin.core.language.translate import _, _n
from cjm_plugin.core.publishing.addresses import (
    address_problem,
    case_key,
    collision_key,
    file_stem,
    lookalikes,
    name_problem,
    slugify,
)
from cjm_plugin.core.reading.source import SourceFile
from cjm_plugin.core.reporting.problems import Problem

from .inputs import FileInput

#: A file that was read and is valid on its own: its source, its model and its id.
Found = tuple[SourceFile, Any, str]


def check_id(found: FileInput) -> list[Problem]:
    """An id is the last part of the page's address (``maps/<id>/``); what it may be is
    one rule, :func:`~cjm_plugin.core.publishing.addresses.id_problem`: characters that break an
    address, HTML or a shell (in the file name as in the id), ``index``, ``/``, a
    leading ``.``, an ending like ``.html`` or a map's export."""
    src, ident, kind, file = found.src, found.ident, found.kind, found.file
    where = ("id",) if isinstance(src.data, dict) and "id" in src.data else ()
    field_name = "id" if where else ""
    stem = file_stem(file)
    name_issue = name_problem(stem, "the file name")
    if name_issue:
        return [Problem(src.path, 1, 1, name_issue, code="file-name.unsafe")]
    problems: list[Problem] = []
    if not where and (" " in stem or stem != stem.lower()):
        folder = "personas" if kind == "persona" else "maps"
        problems.append(Problem(src.path, 1, 1, _(
            "the file name becomes the page's address ({address}); use lowercase "
            "letters and '-' ({file}), or set 'id:'", address=f"{folder}/{stem}/",
            file=f"{slugify(stem)}.md"), severity="warning", code="file-name.not-lowercase"))
    if where:
        id_issue = name_problem(ident, "the id")
        if id_issue:
            return [*problems, src.problem(where, id_issue, field_name=field_name, code="id.unsafe")]
    message = address_problem(ident, kind)
    if message:
        problems.append(src.problem(where, message, field_name=field_name, code="id.address"))
    return problems


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
    ids = list(dict.fromkeys(ident for _s, _m, ident in group))
    joiner = _(" and ")
    what = _("persona") if kind == "persona" else _("map")
    if len(ids) == 1:
        paths = joiner.join(other.path for other, _s, _m in group)
        code, message = "id.shared", _n(
            "{kind} id '{id}' is used by {number} files, {files}; neither is "
            "published until each has its own id: rename a file or set a different 'id:'",
            "{kind} id '{id}' is used by {number} files, {files}; none is "
            "published until each has its own id: rename a file or set a different 'id:'",
            len(group) - 1, kind=what, id=ids[0], number=len(group), files=paths)
    elif len({case_key(ident) for ident in ids}) == 1:
        named = joiner.join(f"'{ident}' ({other.path})" for other, _s, ident in group)
        code, message = "id.alike", _n(
            "{kind} ids {ids} differ only by capitals or accents and would share a "
            "page on many computers; neither is published until one is renamed or "
            "given a different 'id:'",
            "{kind} ids {ids} differ only by capitals or accents and would share a "
            "page on many computers; none is published until one is renamed or "
            "given a different 'id:'", len(group) - 1, kind=what, ids=named)
    else:
        named = joiner.join(f"'{ident}' ({other.path})" for other, _s, ident in group)
        letters = {ch: latin for ident in ids for ch, latin in lookalikes(ident).items()}
        shown = ", ".join(_("U+{code} looks like '{letter}'", code=f"{ord(ch):04X}", letter=latin)
                          for ch, latin in letters.items())
        which = f" ({shown})" if shown else ""
        code, message = "id.lookalike", _n(
            "{kind} ids {ids} look the same but are written with different "
            "characters{which}; a reader could not tell their pages apart, so neither "
            "is published until one is renamed or given a different 'id:'",
            "{kind} ids {ids} look the same but are written with different "
            "characters{which}; a reader could not tell their pages apart, so none "
            "is published until one is renamed or given a different 'id:'",
            len(group) - 1, kind=what, ids=named, which=which)
    return src.problem(where, message, field_name="id" if where else "", code=code)
