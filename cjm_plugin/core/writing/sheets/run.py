"""``cjm import`` and ``cjm export`` as functions: the command line only parses options."""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from cjm_plugin.core.checks.inputs import FileInput
from cjm_plugin.core.checks.lane_keys import check_lanes
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import MapDoc
from cjm_plugin.core.model.model import JourneyMap
from cjm_plugin.core.publishing.addresses import case_key, slugify
from cjm_plugin.core.publishing.exports import map_record
from cjm_plugin.core.reading.loader import (
    PERSONAS_DIR,
    display_path,
    find_files,
    load_handbook,
    validate_model,
)
from cjm_plugin.core.reading.source import decode, parse_text, read_bytes
from cjm_plugin.core.reporting.problems import Problem
from cjm_plugin.core.writing.sheets.importer import Imported, import_grid
from cjm_plugin.core.writing.sheets.mapfile import map_text
from cjm_plugin.core.writing.sheets.reader import SheetError, SheetErrors, read_grid
from cjm_plugin.core.writing.sheets.table import map_table
from cjm_plugin.core.writing.sheets.writer import save


@dataclass
class ImportResult:
    target: Path
    found: Imported


def import_sheet(file: Path, maps_dir: Path, root: Path, as_of: dt.date, *,
                 sheet: str | None = None, title: str | None = None, map_type: str | None = None,
                 persona: str | None = None, ident: str | None = None,
                 force: bool = False) -> ImportResult:
    """Read ``file`` and write the map it holds into ``maps_dir``; nothing is written
    when the sheet cannot be read (:class:`SheetError`) or the file exists and not
    ``force`` (:class:`FileExistsError`)."""
    shown = display_path(file, Path.cwd())
    grid = read_grid(file, shown, sheet)
    default_title = " ".join(file.stem.replace("_", " ").replace("-", " ").split()) or "Imported map"
    found = import_grid(grid, title=title, map_type=map_type, persona=persona,
                        default_title=default_title)
    _persona_ids_for_names(found, _personas(maps_dir), shown)
    if not ident and found.ident and slugify(found.ident) == found.ident:
        ident = found.ident  # the sheet's own id, when it is one (never a path)
    ident = ident or slugify(str(found.data["title"]))
    # The map with this id wherever it is in the maps folder (a sub-folder too), so that
    # importing an exported sheet again replaces it rather than making a second one.
    same = [f for f in (find_files(maps_dir)[0] if maps_dir.is_dir() else []) if f.stem == ident]
    target = same[0] if same else maps_dir / f"{ident}.md"
    if (target.exists() or target.is_symlink()) and not force:
        raise FileExistsError(errno.EEXIST, "already exists", str(target))
    personas_dir = display_path(maps_dir / PERSONAS_DIR, root)
    text = map_text(found, source=file.name, sheet=grid.sheet, as_of=as_of,
                    personas_dir=personas_dir)
    if target.is_file() and not target.is_symlink():
        kept = _notes_of(target)
        if kept is not None:  # a sheet holds the table, not the notes under it: keep them
            text = _with_notes(text, kept)
            found.guesses.append(_("the notes below the map in {file} are kept",
                                   file=display_path(target, root)))
    problems = _problems(text, display_path(target, root))
    if problems:
        # Each at the cell its field came from, named as `cjm check` names it; a field
        # of the details or one the sheet did not fill, at the sheet.
        raise SheetErrors([SheetError(found.cell_of(p.field) or shown,
                                      _("the map made from this sheet would not be valid: {problems}",
                                        problems=p.text)) for p in problems])
    maps_dir.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.cjm-import")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return ImportResult(target, found)


def _notes_of(file: Path) -> str | None:
    """The Markdown below the front-matter of the map file being replaced, or None when
    it cannot be read (the new file's example notes are then written)."""
    raw, problem = read_bytes(file, file.name)
    if raw is None or problem is not None:
        return None
    text, problem = decode(raw, file.name)
    if text is None:
        return None
    src = parse_text(text, file.name)
    return src.body if src.body_line > 1 and src.body.strip() else None


def _with_notes(text: str, notes: str) -> str:
    """``text`` (a map file) with ``notes`` below its front-matter instead of its own."""
    lines = text.split("\n")
    head = "\n".join(lines[:parse_text(text, "").body_line - 1])
    return head + "\n" + notes


def _personas(maps_dir: Path) -> dict[str, str]:
    """The handbook's personas, each by its id and by its name, folded (capitals and
    Unicode forms), -> its id: a workshop writes 'Sari' where the map needs 'sari'."""
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    for path in (find_files(maps_dir)[1] if maps_dir.is_dir() else []):
        ids.setdefault(case_key(path.stem), path.stem)
        raw, _problem = read_bytes(path, path.name)
        text, _problem = decode(raw, path.name) if raw is not None else (None, None)
        data = parse_text(text, path.name).data if text is not None else None
        name = data.get("name") if isinstance(data, dict) else None
        if isinstance(name, str) and name.strip():
            names.setdefault(case_key(name.strip()), path.stem)
    return {**names, **ids}  # an id wins over another persona's name


def _persona_ids_for_names(found: Imported, personas: dict[str, str], shown: str) -> None:
    """The persona names in the map's per-persona scores and actors replaced by the
    personas' ids when they name one (said among the guesses); others left as written,
    for ``cjm check`` to question. A cell that names one persona twice (``Dina: 2;
    dina: 4``) is a mistake said at the cell, not a score dropped."""
    said: set[str] = set()
    twice: list[SheetError] = []

    def resolved(name: str) -> str:
        ident = personas.get(case_key(name.strip()))
        if ident is None or ident == name:
            return name
        if name not in said:
            said.add(name)
            found.guesses.append(_("'{name}' → persona '{id}'", name=name, id=ident))
        return ident

    for si, stage in enumerate(found.data.get("stages") or []):
        for ti, step in enumerate(stage.get("steps") or []):
            for lane in ("score", "actors"):
                names = step.get(lane)
                if not isinstance(names, (dict, list)):
                    continue
                written = [str(name) for name in names]
                ids = [resolved(name) for name in written]
                repeated = next((ident for ident in ids if ids.count(ident) > 1), None)
                if repeated is not None:
                    same = [name for name, ident in zip(written, ids, strict=True) if ident == repeated]
                    twice.append(SheetError(found.cell_of(f"stages[{si}].steps[{ti}].{lane}") or shown, _(
                        "{names} name the same persona, '{id}': write it once",
                        names=", ".join(f"'{name}'" for name in same), id=repeated)))
                elif isinstance(names, dict):
                    step[lane] = dict(zip(ids, names.values(), strict=True))
                else:
                    step[lane] = ids
    if twice:
        raise SheetErrors(twice)


def _problems(text: str, shown: str) -> list[Problem]:
    """The errors the map's own file would have, read as ``cjm check`` reads it."""
    src = parse_text(text, shown)
    errors = [p for p in src.problems if p.is_error]
    if errors:
        return errors
    errors = [p for p in check_lanes(FileInput(src)) if p.is_error]
    if validate_model(src, JourneyMap) is None:
        errors += [p for p in src.problems if p.is_error]
    return errors


class ExportError(Exception):
    """A map that cannot be exported; the message says why (and its problems)."""


def find_map(ref: str, maps_dir: Path, root: Path) -> MapDoc:
    """The map named by ``ref``: its id, or the path of its file."""
    book = load_handbook(maps_dir, root=root)
    if ref in book.maps:
        return book.maps[ref]
    shown = display_path(Path(os.path.abspath(ref)), root)
    for doc in book.maps.values():
        if doc.path == shown:
            return doc
    own = [str(p) for p in book.problems
           if p.is_error and (p.path in (shown, ref) or Path(p.path).stem == ref)]
    if own:
        raise ExportError(_("{map} has errors; fix them first (cjm check):", map=ref) + "\n"
                          + "\n".join(own))
    raise ExportError(_("no map '{map}' in {folder}/: name a map by its id or the path of its file",
                        map=ref, folder=display_path(maps_dir, root)))


def export_map(doc: MapDoc, target: Path, fmt: str, language: str) -> None:
    table = map_table(map_record(doc), Labels(language))
    save(table, target, fmt, doc.id)
