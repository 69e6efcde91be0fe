"""Reading a maps folder into a :class:`Handbook`, reporting every problem.

One bad file never stops the others: each file is read and checked on its own,
then the checks across files (:mod:`cjm_plugin.core.checks`) run on what was valid.
Files with errors are left out of the handbook; their problems are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cjm_plugin.core.checks.ids import Found, unique_ids
from cjm_plugin.core.checks.inputs import FileInput, HandbookInput
from cjm_plugin.core.checks.registry import (
    FILE_CHECKS,
    HANDBOOK_CHECKS,
    FileStage,
    HandbookCheck,
    kept_position,
)
from cjm_plugin.core.language.translate import _, _n, language
from cjm_plugin.core.model.handbook import Handbook, MapDoc, Meta, PersonaDoc
from cjm_plugin.core.model.model import JourneyMap, Persona
from cjm_plugin.core.model.reviews import DEFAULT_REVIEW_EVERY
from cjm_plugin.core.model.reviews import today as build_today
from cjm_plugin.core.publishing.addresses import (
    folder_problem,
    map_export_uri,
    page_uri,
    written_id,
)
from cjm_plugin.core.publishing.clashes import SiteFiles, site_problems
from cjm_plugin.core.publishing.session import SessionCache
from cjm_plugin.core.reading.source import SourceFile, decode, parse_text, read_bytes
from cjm_plugin.core.reporting.messages import describe, explained_by
from cjm_plugin.core.reporting.problems import Problem, field_path

PERSONAS_DIR = "personas"


def display_path(file: Path, root: Path | None) -> str:
    """The path shown in messages: relative to ``root`` (or the working folder)."""
    base = root if root is not None else Path.cwd()
    try:
        return Path(os.path.relpath(file, base)).as_posix()
    except ValueError:  # another drive on Windows
        return file.as_posix()


def find_files(maps_dir: Path) -> tuple[list[Path], list[Path]]:
    """Map files and persona files under ``maps_dir``, sorted, hidden ones skipped.

    Folders are walked without following links (a link to ``/usr`` would list the
    machine's files); a linked ``.md`` file is listed, and reading it reports it."""
    maps, personas, _ = _walk(maps_dir)
    return maps, personas


def _walk(maps_dir: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """:func:`find_files`, and the links to folders it did not follow."""
    maps: list[Path] = []
    personas: list[Path] = []
    found: list[Path] = []
    linked: list[Path] = []
    for folder, dirs, names in os.walk(maps_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        # A folder named like a map is listed too: reading it says what is wrong.
        found += [Path(folder, n) for n in (*names, *dirs)
                  if n.endswith(".md") and not n.startswith((".", "_")) and n.lower() != "readme.md"]
        linked += [Path(folder, d) for d in dirs
                   if not d.endswith(".md") and os.path.islink(os.path.join(folder, d))]
    persona_root = maps_dir / PERSONAS_DIR
    for file in sorted(found):
        (personas if persona_root in file.parents else maps).append(file)
    return maps, personas, sorted(linked)


def _not_a_folder(maps_dir: Path) -> tuple[str, str]:
    """(code, why ``maps_dir`` cannot be read as the maps folder, as a reader can act on it)."""
    advice = _("point maps_dir (or the command's folder) at the folder that holds the maps")
    try:
        mode = maps_dir.stat().st_mode
    except FileNotFoundError:
        return "maps-folder.missing", _("the maps folder does not exist (create it, or point "
                                        "maps_dir at yours)")
    except OSError as exc:
        return "maps-folder.unreadable", _("the maps folder cannot be read ({reason}); {advice}",
                                           reason=exc.strerror or exc, advice=advice)
    what = (_("a named pipe") if stat.S_ISFIFO(mode) else
            _("a device") if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            _("a socket") if stat.S_ISSOCK(mode) else _("a file"))
    return "maps-folder.not-a-folder", _("the maps folder is {what}, not a folder; {advice}",
                                         what=what, advice=advice)


def only_files(problems: list[Problem], files: list[Path], maps_dir: Path,
               root: Path | None) -> tuple[list[Problem], int]:
    """The problems of ``files`` (read with the whole handbook, so that their
    references resolve), and a problem for each file cjm does not read: missing,
    outside the maps folder, or left out of the handbook by its name. Problems of
    the maps folder itself concern every file and are kept. Returns them and how
    many files were named."""
    wanted = {display_path(maps_dir, root)}
    found: list[Problem] = []
    listed = set(sum(find_files(maps_dir), [])) if maps_dir.is_dir() else set()
    folder = display_path(maps_dir, root)
    for file in dict.fromkeys(files):
        shown = display_path(file, root)
        wanted.add(shown)
        if not file.exists():
            found.append(Problem(shown, 1, 1, _("there is no such file; check the name and the "
                                                "folder (paths are relative to where you are)"),
                                 code="file.missing"))
        elif maps_dir not in file.parents:
            found.append(Problem(shown, 1, 1, _(
                "this file is not in the maps folder ({folder}/); cjm checks the maps and "
                "personas there (the folder is the cjm plugin's maps_dir in mkdocs.yml)",
                folder=folder), code="file.outside-maps"))
        elif file not in listed:
            found.append(Problem(shown, 1, 1, _(
                "cjm does not read this file: a README.md, and files and folders whose names "
                "start with '.' or '_', are left out of the handbook; a map's name ends in .md"),
                code="file.not-read"))
    kept = [p for p in problems if p.path in wanted] + found
    kept.sort(key=lambda p: (p.path, p.line, p.col))
    return kept, len(dict.fromkeys(files))


def outside_link(maps_dir: Path, root: Path | None) -> bool:
    """Whether ``maps_dir`` is reached through a link that leads out of the project
    (``root``, else the working folder): a ``maps`` linked to ``/usr`` would list the
    machine's files. A maps folder outside the project without links is the site's
    own choice, written in its configuration."""
    real = maps_dir.resolve()
    if Path(os.path.abspath(maps_dir)) == real:
        return False
    base = (root if root is not None else Path.cwd()).resolve()
    return real != base and base not in real.parents


def validate_model(src: SourceFile, model: type[Meta]) -> Meta | None:
    """Validate the front-matter against ``model``; locate every error."""
    try:
        declared = src.data.get("lanes") if isinstance(src.data, dict) else None
        return model.model_validate(src.data, context={
            "lanes": tuple(str(k) for k in declared) if isinstance(declared, dict) else ()})
    except ValidationError as exc:
        allowed = list(model.model_fields)
        errors = exc.errors()
        written = set(src.data) if isinstance(src.data, dict) else set()
        for error in errors:
            if error["type"] == "missing" and len(error["loc"]) == 1 and (
                    explained_by(model.__name__, str(error["loc"][0])) & written):
                continue  # a key written in its place says what to do (title for name…)
            loc = _source_loc(tuple(error["loc"]), src)
            code, message = describe(error, allowed, model.__name__)
            src.problems.append(src.problem(
                loc, message, field_name=field_path(loc),
                of_key=error["type"] in {"extra_forbidden", "missing"}, code=code))
        return None


def _source_loc(loc: tuple[Any, ...], src: SourceFile) -> tuple[Any, ...]:
    """Where an error's value is written. The model has the file's shape (lanes
    too), so only what validation adds is left out: the tag of a lane entry's
    kind, and the ``[0]`` of a single text (``notes: yes``) read as a list of one."""
    out: list[Any] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("(") and part.endswith(")"):
            continue  # the tag of a lane entry's kind (text, tracked, metric): not written
        if part == "persona_scores":  # `score: {dina: 2}` is gathered under its own name
            part = "score"
        if part in ("__cjm_basis__", "__cjm_source__"):  # a step's, read under these names
            part = part[6:-2]
        if isinstance(part, int) and src.item(tuple(out), part) == tuple(out):
            break
        out.append(part)
    return tuple(out)


def load_handbook(
    maps_dir: Path | str,
    *,
    root: Path | None = None,
    as_of: dt.date | None = None,
    default_review_every: int = DEFAULT_REVIEW_EVERY,
    site: SiteFiles | None = None,
    cache: SessionCache | None = None,
) -> Handbook:
    """Read every map and persona under ``maps_dir`` and check them together; with
    ``site`` (the files the site already has), a map or persona whose page or export
    would replace one of them is an error, and so is a file of the site where cjm
    publishes one of its own (:mod:`~cjm_plugin.core.publishing.clashes`). With a preview's
    ``cache``, only the files that changed since its previous load are parsed again."""
    maps_dir = Path(maps_dir)
    book = Handbook(as_of=as_of or build_today(), review_every=default_review_every)
    if not maps_dir.is_dir():
        kind, message = _not_a_folder(maps_dir)
        book.problems.append(Problem(display_path(maps_dir, root), 1, 1, message, code=kind))
        return book

    if outside_link(maps_dir, root):
        book.problems.append(Problem(
            display_path(maps_dir, root), 1, 1,
            _("the maps folder is a symbolic link to a place outside the project; "
              "cjm reads only files inside the project"), code="maps-folder.outside"))
        return book

    map_files, persona_files, linked = _walk(maps_dir)
    book.problems.extend(Problem(
        display_path(link, root), 1, 1, _("this is a link to a folder, and cjm does not follow "
                                          "links; move the folder's files into the maps folder"),
        severity="warning", code="maps-folder.linked-folder")
        for link in linked)
    if cache is not None:
        _forget_other_files(cache, maps_dir, {*map_files, *persona_files})
    _valid, broken_personas = _collect(persona_files, "persona", PersonaDoc, book.personas, book,
                                       root, maps_dir, site, cache)
    map_sources, broken_maps = _collect(map_files, "map", MapDoc, book.maps, book, root, maps_dir,
                                        site, cache)
    if site is not None:
        book.problems.extend(site_problems(site))

    _check_across_files(HandbookInput(book, map_sources, broken_maps, broken_personas,
                                      display_path(maps_dir / PERSONAS_DIR, root)))
    book.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return book


def _collect(files: list[Path], kind: str, doc_type: type, into: dict[str, Any],
             book: Handbook, root: Path | None,
             maps_dir: Path, site: SiteFiles | None = None,
             cache: SessionCache | None = None) -> tuple[dict[str, SourceFile], set[str]]:
    """Read files of one kind into ``into``. A file with errors is left out and its id
    kept as broken (references to it are not reported again). Files that share an id
    (or ids equal but for capitals and accents) are each told so, naming all of them
    as equals, and none is published: which one won would depend on file names."""
    broken: set[str] = set()
    valid: list[Found] = []
    for file in files:
        folder_issue = folder_problem(file, maps_dir)
        if folder_issue:  # the file is not read: its path cannot be published
            book.problems.append(Problem(display_path(file, root), 1, 1, folder_issue,
                                         code="folder-name.unsafe"))
            broken.add(file.stem)
            continue
        src, meta, ident = _read_checked(file, display_path(file, root), kind, cache)
        if meta is not None and site is not None:
            _check_clash(src, kind, ident, site)
        if meta is None or any(p.is_error for p in src.problems):
            broken.add(ident)
            book.problems.extend(src.problems)
            continue
        valid.append((src, meta, ident))
    unique, shared, shared_problems = unique_ids(kind, valid)
    broken |= shared
    book.problems.extend(shared_problems)
    sources: dict[str, SourceFile] = {}
    for src, meta, ident in unique:
        book.problems.extend(src.problems)
        into[ident] = doc_type(ident, src.path, meta, src.body, src.body_line)
        sources[ident] = src
    return sources, broken


def _check_clash(src: SourceFile, kind: str, ident: str, site: SiteFiles) -> None:
    """A page or export of this file that would land on a file of the site (a page
    written by hand in docs/) is an error: the file is left out, the site's file kept."""
    made = [(page_uri(kind, ident), f"{'personas' if kind == 'persona' else 'maps'}/{ident}/")]
    if kind == "map":
        made.append((map_export_uri(ident), map_export_uri(ident)))
    for uri, address in made:
        hand = site.clash(uri)
        if hand is None:
            continue
        where = ("id",) if isinstance(src.data, dict) and "id" in src.data else ()
        src.problems.append(src.problem(where, (
            _("persona '{id}' would be published at {address}, where {file} already is; "
              "nothing is overwritten and the persona is not published until you rename the "
              "file (or set another 'id:') or move {file}", id=ident, address=address, file=hand)
            if kind == "persona" else
            _("map '{id}' would be published at {address}, where {file} already is; "
              "nothing is overwritten and the map is not published until you rename the "
              "file (or set another 'id:') or move {file}", id=ident, address=address, file=hand)),
            field_name="id" if where else "", code="id.clash"))
        return


def _read_checked(file: Path, shown: str, kind: str,
                  cache: SessionCache | None = None) -> tuple[SourceFile, Any, str]:
    """Read, parse and validate one file on its own: (source, model or None, id).
    The source's problems list is a fresh copy that the cross-file checks may extend.
    With a preview's ``cache``, a file is parsed again only when its bytes changed (a
    digest of the content, not the mtime, which can miss a quick edit)."""
    raw, problem = read_bytes(file, shown)
    text = None
    if raw is not None:
        text, problem = decode(raw, shown)
    if raw is None or text is None:  # not cached: the file's state says what is wrong
        src = SourceFile(shown, problems=[problem] if problem else [])
        return src, None, file.stem
    key = (str(file.absolute()), shown, kind, language())  # messages are made in the language
    digest = hashlib.blake2b(raw, digest_size=20).digest()
    hit = cache.files.get(key) if cache is not None else None
    if hit is None or hit[0] != digest:
        src, meta, ident = _check_file(FileInput(parse_text(text, shown), kind, file, text))
        _cap_problems(src)
        if meta is not None:  # a valid file keeps only what later checks can ask for
            src.data = {k: v for k, v in src.data.items() if k == "id"}  # the model has the rest
            src.key_positions = {k: v for k, v in src.key_positions.items() if kept_position(k)}
            src.value_positions = {k: v for k, v in src.value_positions.items() if kept_position(k)}
        hit = (digest, src, meta, ident)
        if cache is not None:
            cache.files[key] = hit
    _digest, src, meta, ident = hit
    return replace(src, problems=list(src.problems)), meta, ident


def _forget_other_files(cache: SessionCache, maps_dir: Path, files: set[Path]) -> None:
    """Drop cached files of this folder that are gone (deleted or renamed), so a
    long ``mkdocs serve`` session does not keep every version ever read."""
    folder = str(maps_dir.absolute()) + os.sep
    current = {str(f.absolute()) for f in files}
    for key in [k for k in cache.files if k[0].startswith(folder) and k[0] not in current]:
        del cache.files[key]


#: Past this many problems in one file the rest are counted, not listed: a file
#: pasted wrong can hold thousands, and each one's hint costs time.
MAX_PROBLEMS_PER_FILE = 100


def _cap_problems(src: SourceFile) -> None:
    if len(src.problems) <= MAX_PROBLEMS_PER_FILE:
        return
    src.problems.sort(key=lambda p: (p.line, p.col))
    rest = src.problems[MAX_PROBLEMS_PER_FILE:]
    del src.problems[MAX_PROBLEMS_PER_FILE:]
    src.problems.append(replace(
        rest[0], field="", where="", code="file.more-problems", message=_n(
            "{count} more problem in this file is not listed; fix the ones above and run "
            "cjm check again",
            "{count} more problems in this file are not listed; fix the ones above and run "
            "cjm check again", len(rest))))


def _run_file_checks(found: FileInput, stage: FileStage) -> None:
    """Run the registered checks of one file at ``stage``, keeping their problems."""
    for check in FILE_CHECKS:
        if check.stage == stage and found.kind in check.kinds:
            found.src.problems.extend(check.run(found))


def _check_file(found: FileInput) -> tuple[SourceFile, Any, str]:
    """Check one file on its own (:data:`~cjm_plugin.core.checks.registry.FILE_CHECKS`)
    and build its model: (source, model or None, id)."""
    src, kind = found.src, found.kind
    _run_file_checks(found, "read")
    # Warnings (split lists) go on; a file over a size limit is not validated further.
    readable = not any(p.is_error for p in src.problems)
    meta: JourneyMap | Persona | None = None
    if readable:
        _run_file_checks(found, "readable")
        meta = validate_model(src, Persona) if kind == "persona" else validate_model(src, JourneyMap)
    ident = meta.id if meta and meta.id else written_id(src.data, found.file)
    if meta is not None:
        _run_file_checks(replace(found, meta=meta, ident=ident), "valid")
    return src, meta, ident


def _check_across_files(handbook: HandbookInput) -> None:
    """Run the checks across files (:data:`~cjm_plugin.core.checks.registry.HANDBOOK_CHECKS`)
    on the maps valid on their own, round by round, then leave out each map a check
    found an error in."""
    book = handbook.book
    failed: dict[str, set[str]] = {}  # check name -> maps it found an error in
    rounds: dict[int, list[HandbookCheck]] = {}
    for check in HANDBOOK_CHECKS:
        rounds.setdefault(check.round, []).append(check)
    for checks in rounds.values():
        found = {check.name: check.run(replace(handbook, skip=_skipped(check, failed)))
                 for check in checks}
        for mid in book.maps:  # each map's problems together, in the order of the checks
            for check in checks:
                problems = found[check.name].get(mid, [])
                book.problems.extend(problems)
                if any(p.is_error for p in problems):
                    failed.setdefault(check.name, set()).add(mid)
    for mid in set().union(*failed.values()):
        del book.maps[mid]
    if "reviews" in book.__dict__:  # judged during the checks: only the maps kept
        book.reviews = {mid: book.reviews[mid] for mid in book.maps}


def _skipped(check: HandbookCheck, failed: dict[str, set[str]]) -> frozenset[str]:
    """The maps ``check`` does not look at: those a check it relies on found an error in."""
    names = failed if "*" in check.relies_on else check.relies_on
    return frozenset(mid for name in names for mid in failed.get(name, ()))
