"""The ``cjm`` command: check maps, print the JSON Schemas, start new files.

Every subcommand works on the team's project: the ``mkdocs.yml`` (or
``properdocs.yml``) found by walking up from the working folder, or named with
``-f``, says where the maps are and how often they are reviewed, as it does for
the site's plugin (see :mod:`cjm_plugin.core.reading.project`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.language.translate import ENV, N_, _, _n, available, choose, language, speaking
from cjm_plugin.core.model.model import MAP_TYPES, MAX_NAME_LENGTH
from cjm_plugin.core.model.reviews import today
from cjm_plugin.core.model.schema import map_schema, persona_schema
from cjm_plugin.core.publishing.addresses import name_problem, slugify
from cjm_plugin.core.publishing.clashes import SiteFiles, docs_files
from cjm_plugin.core.reading.git_revisions import (
    GitError,
    commit_of,
    default_base,
    map_diffs,
    top_folder,
)
from cjm_plugin.core.reading.loader import (
    PERSONAS_DIR,
    display_path,
    find_files,
    load_handbook,
    only_files,
)
from cjm_plugin.core.reading.project import ConfigError, Project, find_repository, load_project
from cjm_plugin.core.reporting.problems import Problem, one_line
from cjm_plugin.core.writing.diff_markdown import render_summary, render_text
from cjm_plugin.core.writing.scaffold import NEW_ID_LENGTH, guess, guide_address, new_file
from cjm_plugin.core.writing.sheets.reader import SheetError
from cjm_plugin.core.writing.sheets.run import ExportError, export_map, find_map, import_sheet

from . import __version__, engines
from .cli_language import TranslatedParser, help_language


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_problem(problem: Problem, fmt: str) -> str:
    if fmt == "github":
        # Line breaks become %0A (GitHub shows them); escape sequences and bidi controls,
        # in a message or in a path (a folder's name), are shown escaped.
        title = f"cjm check ({problem.code})" if problem.code else "cjm check"
        return one_line(f"::{problem.severity} file={_gh_escape(problem.path, prop=True)},"
                        f"line={problem.line},col={problem.col},title={_gh_escape(title, prop=True)}::"
                        f"{_gh_escape(problem.text)}")
    return str(problem)


def _summary(errors: int, warnings: int, files: int) -> str:
    return _("{errors}, {warnings} in {files}",
             errors=_n("{count} error", "{count} errors", errors),
             warnings=_n("{count} warning", "{count} warnings", warnings),
             files=_n("{count} file", "{count} files", files))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {value!r}", value=value)) from None


def _maps_dir(args: argparse.Namespace, project: Project) -> Path:
    """The maps folder: the one named on the command line (relative to the working
    folder), else the one the project's configuration names."""
    # Not resolved: the loader must see a link that leads out of the project.
    return Path(os.path.abspath(args.maps_dir)) if args.maps_dir else project.maps_dir


def _check_targets(args: argparse.Namespace) -> tuple[Path | None, list[Path]]:
    """What ``cjm check PATH…`` names: a maps folder, or files (a map or persona each,
    as a writer or pre-commit names them), relative to the working folder."""
    paths = [Path(os.path.abspath(p)) for p in args.paths]
    if len(paths) == 1 and paths[0].suffix != ".md" and not paths[0].is_file():
        return paths[0], []  # a maps folder (one that does not exist is reported so)
    return None, paths


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    folder, files = _check_targets(args)
    maps_dir = folder or project.maps_dir
    # Annotations need paths from the top of the repository; people read them from
    # the project's root, as the site's build prints them.
    root = (find_repository(project.root) or project.root) if args.format == "github" else project.root
    site = SiteFiles.of(docs_files(project.docs_dir, root, skip=maps_dir),
                        project.use_directory_urls) if project.docs_dir else None
    book = load_handbook(maps_dir, root=root, as_of=args.today or today(),
                         default_review_every=project.review_every, site=site)
    problems = book.problems
    if files:  # the whole handbook is read (references resolve); only these files' problems
        problems, count = only_files(book.problems, files, maps_dir, root)
    else:
        maps, personas = find_files(maps_dir) if maps_dir.is_dir() else ([], [])
        count = len(maps) + len(personas)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    note = engines.plugin_note(project, engines.detect_engine(project))
    if note and args.format != "json":
        print(_("cjm: {note}", note=note), file=sys.stderr)
    if args.format == "json":
        json.dump({
            "problems": [p.as_dict() for p in problems],
            "errors": errors, "warnings": warnings,
            "files": count, "ok": not failed,
        }, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            line = format_problem(problem, args.format)
            print(one_line(line) if args.format == "text" else line)
        print(_summary(errors, warnings, count),
              file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace, project: Project) -> int:
    schemas = {"map": map_schema(), "persona": persona_schema()}
    if args.output:
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for kind, schema in schemas.items():
            (out / f"{kind}.schema.json").write_text(
                json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(out / f"{kind}.schema.json")
        return 0
    chosen = schemas if args.kind == "all" else schemas[args.kind]
    print(json.dumps(chosen, indent=2, ensure_ascii=False))
    return 0


def _ask_persona(persona_ids: list[str], personas_dir: str) -> str | None:
    """Ask for the new map's persona in a terminal; None (Enter) leaves the placeholder.
    Questions go to stderr, so stdout stays the new file's path."""
    known = ", ".join(persona_ids) if persona_ids else _("none yet in {folder}/", folder=personas_dir)
    print(_("Which persona is this map about? Known: {known}.", known=known), file=sys.stderr)
    while True:
        print(_("Persona id (Enter to decide later): "), end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        answer = line.strip()
        if not line or not answer or answer in persona_ids:
            return answer or None
        print(_("'{answer}' is not a persona in {folder}/; type one of: {known}",
                answer=answer, folder=personas_dir, known=known), file=sys.stderr)


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    maps_dir = _maps_dir(args, project)
    personas_dir = display_path(maps_dir / PERSONAS_DIR, project.root)
    if args.id is not None and (not args.id or slugify(args.id) != args.id):
        print(_("cjm new: --id {id!r}: use lowercase letters, digits and dashes "
                "(it is the file name and the page address), e.g. {example!r}",
                id=args.id, example=slugify(args.id)), file=sys.stderr)
        return 2
    if args.id is not None and (issue := name_problem(args.id, "the id")):
        print(_("cjm new: --id: {problem}", problem=issue), file=sys.stderr)
        return 2
    persona_file = args.kind == "persona"
    if len(args.name.strip()) > MAX_NAME_LENGTH:
        print((_("cjm new: the name is {length} characters long; keep it to {most} at most (a "
                 "longer text belongs in the body)", length=len(args.name.strip()), most=MAX_NAME_LENGTH)
               if persona_file else
               _("cjm new: the title is {length} characters long; keep it to {most} at most (a "
                 "longer text belongs in the body)", length=len(args.name.strip()), most=MAX_NAME_LENGTH)),
              file=sys.stderr)
        return 2
    persona = args.persona
    guessed, ending = guess(args.name)
    map_type = args.type or guessed or "current-state"
    if args.kind == "map" and persona is None and sys.stdin.isatty():
        # The ids maps use: a persona's `id:` when it sets one, else its file name.
        known = sorted(load_handbook(maps_dir, root=project.root).personas)
        persona = _ask_persona(known, personas_dir)
    try:
        target = new_file(args.kind, args.name, maps_dir, today(), persona=persona,
                          map_type=map_type, ident=args.id, personas_dir=personas_dir,
                          guide=guide_address(project, language()))
    except FileExistsError as exc:
        print(_("cjm new: {file} already exists; choose another name (or --id)",
                file=display_path(Path(str(exc.filename)), Path.cwd())), file=sys.stderr)
        return 1
    print(display_path(target, Path.cwd()))
    if args.id is None and target.name != f"{slugify(args.name)}.md":
        print((_("cjm new: the file name, made from the name, was shortened to {most} characters "
                 "at most ({file}); rename the file, or choose it with --id",
                 most=NEW_ID_LENGTH, file=target.name) if persona_file else
               _("cjm new: the file name, made from the title, was shortened to {most} characters "
                 "at most ({file}); rename the file, or choose it with --id",
                 most=NEW_ID_LENGTH, file=target.name)), file=sys.stderr)
    if args.kind == "map":
        others = ", ".join(t for t in MAP_TYPES if t != map_type)
        if args.type:
            said = _("cjm new: type: {type} (chosen with --type)", type=map_type)
        elif guessed:
            said = _("cjm new: type: {type}, because the title ends in '{ending}'; to choose "
                     "another, add --type ({others})", type=map_type, ending=ending, others=others)
        else:
            said = _("cjm new: type: {type}, the default; to choose another, add --type "
                     "({others})", type=map_type, others=others)
        print(said, file=sys.stderr)
    if args.kind == "map" and persona is None:
        print(_("cjm new: set its persona (a file in {folder}/); "
                "`cjm check` reports it until you do", folder=personas_dir), file=sys.stderr)
    return 0


def _engine(args: argparse.Namespace, project: Project) -> str | None:
    engine: str | None = args.engine or engines.detect_engine(project)
    if engine is None:
        print(_("cjm: no site engine is installed; install one, e.g. "
                "pip install 'mkdocs-cjm-plugin[zensical]' (see docs/choosing-a-stack.md)"),
              file=sys.stderr)
    elif not engines.installed(engine):
        print(_("cjm: {engine} is not installed; pip install 'mkdocs-cjm-plugin[{engine}]'",
                engine=engine), file=sys.stderr)
        return None
    return engine


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    engine = _engine(args, project)
    if engine is None:
        return 2
    if engine == "zensical":
        note = engines.plugin_note(project, engine, building=True)
        if note and args.engine is None:
            print(_("cjm: {note}", note=note), file=sys.stderr)
        return engines.build_zensical(project, output=args.site_dir, strict=args.strict)
    return engines.run_plugin_engine(engine, "build", project, output=args.site_dir,
                                     strict=args.strict, dev_addr=None)


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    engine = _engine(args, project)
    if engine is None:
        return 2
    if engine == "zensical":
        return engines.serve_zensical(project, dev_addr=args.dev_addr)
    return engines.run_plugin_engine(engine, "serve", project, output=None, strict=False,
                                     dev_addr=args.dev_addr)


def cmd_diff(args: argparse.Namespace, project: Project) -> int:
    """Print (or write) what changed in the maps between two revisions: as plain text in
    a terminal, as Markdown otherwise (``--format`` chooses)."""
    try:
        repo = top_folder(project.root)
        base = commit_of(repo, args.base) if args.base else default_base(repo)
        head = commit_of(repo, args.head) if args.head else None
        maps_dir = Path(os.path.relpath(project.maps_dir.resolve(), repo.resolve())).as_posix()
        diffs = map_diffs(repo, maps_dir, base, head)
    except GitError as exc:
        print(_("cjm diff: {problem}", problem=exc), file=sys.stderr)
        return 2
    labels = Labels(language(), project.templates_dir)  # the writer's language
    # Plain text for a person at a terminal; Markdown for a file, a pipe or a workflow.
    fmt = args.format or ("text" if not args.output and sys.stdout.isatty() else "markdown")
    render = render_text if fmt == "text" else render_summary
    text = render(diffs, labels, base=args.base or base[:12], head=args.head)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _check_id(command: str, ident: str | None) -> bool:
    if ident is not None and (not ident or slugify(ident) != ident):
        print(_("cjm {command}: --id {id!r}: use lowercase letters, digits and dashes "
                "(it is the file name and the page address), e.g. {example!r}",
                command=command, id=ident, example=slugify(ident)), file=sys.stderr)
        return False
    return True


def cmd_import(args: argparse.Namespace, project: Project) -> int:
    maps_dir = _maps_dir(args, project)
    if not _check_id("import", args.id):
        return 2
    try:
        result = import_sheet(Path(args.file), maps_dir, project.root, today(), sheet=args.sheet,
                              title=args.title, map_type=args.type, persona=args.persona,
                              ident=args.id, force=args.force)
    except SheetError as exc:
        print(exc, file=sys.stderr)
        print(_("cjm import: nothing was written"), file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(_("cjm import: {file} already exists; choose another --id, or --force to replace it",
                file=display_path(Path(str(exc.filename)), Path.cwd())), file=sys.stderr)
        return 1
    found = result.found
    for line in found.guesses:
        print(_("cjm import: {guess}", guess=line), file=sys.stderr)
    for line in found.unplaced:
        print(_("cjm import: not placed: {what}", what=line), file=sys.stderr)
    if "persona" not in found.data and "personas" not in found.data:
        print(_("cjm import: set its persona (a file in {folder}/); `cjm check` reports it until "
                "you do", folder=display_path(maps_dir / PERSONAS_DIR, project.root)), file=sys.stderr)
    print(display_path(result.target, Path.cwd()))
    return 0


def cmd_export(args: argparse.Namespace, project: Project) -> int:
    maps_dir = _maps_dir(args, project)
    try:
        doc = find_map(args.map, maps_dir, project.root)
    except ExportError as exc:
        print(_("cjm export: {problem}", problem=exc), file=sys.stderr)
        return 1
    target = Path(args.output)
    fmt = args.format or ("csv" if target.suffix.lower() == ".csv" else "xlsx")
    try:
        export_map(doc, target, fmt, language())  # the sheet's row labels
    except OSError as exc:
        print(_("cjm export: cannot write {file}: {reason}", file=args.output,
                reason=exc.strerror or exc), file=sys.stderr)
        return 1
    print(display_path(target, Path.cwd()))
    return 0


#: The help of every command that takes --maps-dir.
_MAPS_DIR_HELP = N_("the maps folder (default: the cjm plugin's maps_dir in mkdocs.yml, else maps)")
#: The help of --engine (cjm build and cjm serve).
_ENGINE_HELP = N_("the site engine (default: the one the project uses: ProperDocs for a "
                "properdocs.yml, else the first installed of MkDocs, ProperDocs, Zensical)")


def build_parser() -> TranslatedParser:
    """The ``cjm`` command's parser: its options, then one subparser per command."""
    parser = TranslatedParser(
        prog="cjm", description=_("Customer-journey maps: check them, start new ones, build the handbook."))
    parser.add_argument("--version", action="version", version=f"cjm {__version__}",
                        help=_("show cjm's version and exit"))
    project = _project_options()
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title=_("commands"))
    for add in (_add_check, _add_schema, _add_new, _add_build, _add_serve, _add_diff,
                _add_import, _add_export):
        add(sub, project)
    return parser


def _project_options() -> TranslatedParser:
    """The options every subcommand has: they say how the project's configuration is read."""
    project = TranslatedParser(add_help=False)
    project.add_argument(
        "-f", "--config-file", metavar="PATH", default=None,
        help=_("the site's mkdocs.yml (default: the nearest mkdocs.yml or properdocs.yml "
             "in this folder or one above it)"))
    project.add_argument(
        "--lang", metavar="CODE", default=None, choices=available(),
        help=_("the language of messages and new files ({codes}; default: ${env}, else the "
               "site's theme.language, else en)", codes=", ".join(available()), env=ENV))
    return project


def _add_check(sub: argparse._SubParsersAction[TranslatedParser],
               project: TranslatedParser) -> None:
    """cjm check: its paths, output format and strictness."""
    check = sub.add_parser("check", parents=[project],
                           help=_("check every map and persona; exit 1 on errors"))
    check.add_argument("paths", nargs="*", default=[], metavar="PATH",
                       help=_("map or persona files to check (in the context of the whole "
                            "handbook), or the maps folder (default: the cjm plugin's maps_dir "
                            "in mkdocs.yml, else maps)"))
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help=_("text lines, GitHub Actions annotations, or JSON"))
    check.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    check.add_argument("--today", type=_date, default=None,
                       help=_("the date to judge reviews by (default: today, or SOURCE_DATE_EPOCH)"))
    check.set_defaults(run=cmd_check)


def _add_schema(sub: argparse._SubParsersAction[TranslatedParser],
                project: TranslatedParser) -> None:
    """cjm schema: which schema, and where to write it."""
    schema = sub.add_parser("schema", parents=[project],
                            help=_("print the JSON Schema of maps and personas"))
    schema.add_argument("kind", nargs="?", choices=("all", "map", "persona"), default="all")
    schema.add_argument("--output", "-o", help=_("write map.schema.json and persona.schema.json here"))
    schema.set_defaults(run=cmd_schema)


def _add_new(sub: argparse._SubParsersAction[TranslatedParser],
             project: TranslatedParser) -> None:
    """cjm new: the new file's kind, name, place, id, type and persona."""
    new = sub.add_parser("new", parents=[project], help=_("write a commented starting map or persona"))
    new.add_argument("kind", choices=("map", "persona"), metavar="{map,persona}",
                     help=_("what to start: a journey map or a persona"))
    new.add_argument("name", help=_("the map's title or the persona's name"))
    new.add_argument("--maps-dir", default=None, help=_(_MAPS_DIR_HELP))
    new.add_argument("--id", default=None,
                     help=_("the file name without .md, which is the id and the page address "
                          "(default: made from the name)"))
    new.add_argument("--type", choices=MAP_TYPES, default=None,
                     help=_("the map's type (default: guessed from a title ending in one, "
                          "e.g. 'Onboarding — future state', else current-state)"))
    new.add_argument("--persona", default=None,
                     help=_("the new map's persona id (default: asked in a terminal, "
                          "else a placeholder that cjm check reports)"))
    new.set_defaults(run=cmd_new)


def _add_build(sub: argparse._SubParsersAction[TranslatedParser],
               project: TranslatedParser) -> None:
    """cjm build: the engine, the site folder and strictness."""
    build = sub.add_parser("build", parents=[project],
                           help=_("build the handbook's site with MkDocs, ProperDocs or Zensical"))
    build.add_argument("--engine", choices=engines.ENGINES, default=None, help=_(_ENGINE_HELP))
    build.add_argument("-d", "--site-dir", default=None,
                       help=_("the folder to write the site to (default: site_dir in mkdocs.yml, else site)"))
    build.add_argument("--strict", action="store_true",
                       help=_("fail on any error in the maps (and on the engine's warnings)"))
    build.set_defaults(run=cmd_build)


def _add_serve(sub: argparse._SubParsersAction[TranslatedParser],
               project: TranslatedParser) -> None:
    """cjm serve: the engine and the address to serve at."""
    serve = sub.add_parser("serve", parents=[project],
                           help=_("preview the handbook; a save rebuilds the pages it changes"))
    serve.add_argument("--engine", choices=engines.ENGINES, default=None, help=_(_ENGINE_HELP))
    serve.add_argument("-a", "--dev-addr", default=None, metavar="IP:PORT",
                       help=_("where to serve (default: the engine's, localhost:8000)"))
    serve.set_defaults(run=cmd_serve)


def _add_diff(sub: argparse._SubParsersAction[TranslatedParser],
              project: TranslatedParser) -> None:
    """cjm diff: the two revisions and where the summary goes."""
    diff = sub.add_parser("diff", parents=[project],
                          help=_("summarise what changed in the maps between two Git revisions"))
    diff.add_argument("base", nargs="?", default=None,
                      help=_("the revision to compare from (default: where this branch left the "
                           "default branch: origin/HEAD, else main or master)"))
    diff.add_argument("head", nargs="?", default=None,
                      help=_("the revision to compare to (default: the working tree)"))
    diff.add_argument("-o", "--output", default=None, metavar="FILE",
                      help=_("write the summary to FILE instead of printing it"))
    diff.add_argument("--format", choices=("text", "markdown"), default=None,
                      help=_("text (for reading in a terminal) or markdown (for a pull request's "
                             "comment); default: text in a terminal, else markdown"))
    diff.set_defaults(run=cmd_diff)


def _add_import(sub: argparse._SubParsersAction[TranslatedParser],
                project: TranslatedParser) -> None:
    """cjm import: the sheet, and the new map's place, title, id, type and persona."""
    imp = sub.add_parser("import", parents=[project],
                         help=_("make a map file from a workshop's sheet (CSV, XLSX or ODS)"))
    imp.add_argument("file", help=_("the sheet: .xlsx, .ods or .csv, laid out as a map's table"))
    imp.add_argument("--sheet", default=None, help=_("the sheet of the workbook to read (default: the first)"))
    imp.add_argument("--maps-dir", default=None, help=_(_MAPS_DIR_HELP))
    imp.add_argument("--title", default=None,
                     help=_("the map's title (default: the sheet's, else the file's name)"))
    imp.add_argument("--id", default=None,
                     help=_("the file name without .md (default: made from the title)"))
    imp.add_argument("--type", choices=MAP_TYPES, default=None,
                     help=_("the map's type (default: the sheet's, else guessed from its lanes, "
                          "else current-state)"))
    imp.add_argument("--persona", default=None,
                     help=_("the map's persona id (default: the sheet's, else a placeholder "
                          "that cjm check reports)"))
    imp.add_argument("--force", action="store_true", help=_("replace the map file if it exists"))
    imp.set_defaults(run=cmd_import)


def _add_export(sub: argparse._SubParsersAction[TranslatedParser],
                project: TranslatedParser) -> None:
    """cjm export: the map, the sheet's format and file."""
    exp = sub.add_parser("export", parents=[project],
                         help=_("write a map as a workshop sheet (XLSX or CSV)"))
    exp.add_argument("map", help=_("the map's id, or the path of its file"))
    exp.add_argument("--format", choices=("xlsx", "csv"), default=None,
                     help=_("xlsx or csv (default: from the output file's name, else xlsx)"))
    exp.add_argument("-o", "--output", required=True, help=_("the file to write"))
    exp.add_argument("--maps-dir", default=None, help=_(_MAPS_DIR_HELP))
    exp.set_defaults(run=cmd_export)

def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    with speaking(help_language(words)):  # help, usage and argument errors
        args = build_parser().parse_args(words)
    with speaking(choose(args.lang)):  # until the project's configuration is read
        try:
            project = load_project(Path.cwd(), Path(args.config_file) if args.config_file else None)
        except ConfigError as exc:
            print(_("cjm: {problem}", problem=exc), file=sys.stderr)
            return 2
    # The writer's language: --lang, else CJM_LANG, else the site's theme.language.
    with speaking(choose(args.lang, project.language)):
        run: Callable[[argparse.Namespace, Project], int] = args.run
        return int(run(args, project))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
