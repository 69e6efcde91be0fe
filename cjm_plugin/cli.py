"""The ``cjm`` command: check maps, print the JSON Schemas, start new files.

Every subcommand works on the team's project: the ``mkdocs.yml`` (or
``properdocs.yml``) found by walking up from the working folder, or named with
``-f``, says where the maps are and how often they are reviewed, as it does for
the site's plugin (see :mod:`cjm_plugin.core.project`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, engines
from .core.loader import PERSONAS_DIR, display_path, find_files, load_handbook
from .core.problems import Problem, one_line
from .core.reviews import today
from .core.project import ConfigError, Project, find_repository, load_project
from .core.scaffold import MAP_TYPES, guess_type, new_file, slugify
from .core.schema import map_schema, persona_schema


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_problem(problem: Problem, fmt: str) -> str:
    if fmt == "github":
        return (f"::{problem.severity} file={_gh_escape(problem.path, prop=True)},"
                f"line={problem.line},col={problem.col},title=cjm check::"
                f"{_gh_escape(problem.text)}")
    return str(problem)


def _summary(errors: int, warnings: int, files: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _maps_dir(args: argparse.Namespace, project: Project) -> Path:
    """The maps folder: the one named on the command line (relative to the working
    folder), else the one the project's configuration names."""
    # Not resolved: the loader must see a link that leads out of the project.
    return Path(os.path.abspath(args.maps_dir)) if args.maps_dir else project.maps_dir


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    maps_dir = _maps_dir(args, project)
    # Annotations need paths from the top of the repository; people read them from
    # the project's root, as the site's build prints them.
    root = (find_repository(project.root) or project.root) if args.format == "github" else project.root
    book = load_handbook(maps_dir, root=root, as_of=args.today or today(),
                         default_review_every=project.review_every)
    maps, personas = find_files(maps_dir) if maps_dir.is_dir() else ([], [])
    errors, warnings = len(book.errors), len(book.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    note = engines.plugin_note(project, engines.detect_engine(project))
    if note and args.format != "json":
        print(f"cjm: {note}", file=sys.stderr)
    if args.format == "json":
        json.dump({
            "problems": [p.as_dict() for p in book.problems],
            "errors": errors, "warnings": warnings,
            "files": len(maps) + len(personas), "ok": not failed,
        }, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for problem in book.problems:
            line = format_problem(problem, args.format)
            print(one_line(line) if args.format == "text" else line)
        print(_summary(errors, warnings, len(maps) + len(personas)),
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
    known = ", ".join(persona_ids) if persona_ids else f"none yet in {personas_dir}/"
    print(f"Which persona is this map about? Known: {known}.", file=sys.stderr)
    while True:
        print("Persona id (Enter to decide later): ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        answer = line.strip()
        if not line or not answer or answer in persona_ids:
            return answer or None
        print(f"'{answer}' is not a persona in {personas_dir}/; type one of: {known}",
              file=sys.stderr)


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    maps_dir = _maps_dir(args, project)
    personas_dir = display_path(maps_dir / PERSONAS_DIR, project.root)
    if args.id is not None and (not args.id or slugify(args.id) != args.id):
        print(f"cjm new: --id {args.id!r}: use lowercase letters, digits and dashes "
              f"(it is the file name and the page address), e.g. {slugify(args.id)!r}",
              file=sys.stderr)
        return 2
    persona = args.persona
    map_type = args.type or guess_type(args.name) or "current-state"
    if args.kind == "map" and persona is None and sys.stdin.isatty():
        # The ids maps use: a persona's `id:` when it sets one, else its file name.
        known = sorted(load_handbook(maps_dir, root=project.root).personas)
        persona = _ask_persona(known, personas_dir)
    try:
        target = new_file(args.kind, args.name, maps_dir, today(), persona=persona,
                          map_type=map_type, ident=args.id, personas_dir=personas_dir)
    except FileExistsError as exc:
        print(f"cjm new: {display_path(Path(str(exc.filename)), Path.cwd())} already exists; "
              "choose another name (or --id)", file=sys.stderr)
        return 1
    print(display_path(target, Path.cwd()))
    if args.kind == "map" and persona is None:
        print(f"cjm new: set its persona (a file in {personas_dir}/); "
              "`cjm check` reports it until you do", file=sys.stderr)
    return 0


def _engine(args: argparse.Namespace, project: Project) -> str | None:
    engine: str | None = args.engine or engines.detect_engine(project)
    if engine is None:
        print("cjm: no site engine is installed; install one, e.g. "
              "pip install 'mkdocs-cjm-plugin[zensical]' (see docs/choosing-a-stack.md)",
              file=sys.stderr)
    elif not engines.installed(engine):
        print(f"cjm: {engine} is not installed; pip install 'mkdocs-cjm-plugin[{engine}]'",
              file=sys.stderr)
        return None
    return engine


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    engine = _engine(args, project)
    if engine is None:
        return 2
    if engine == "zensical":
        note = engines.plugin_note(project, engine)
        if note and args.engine is None:
            print(f"cjm: {note}", file=sys.stderr)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm", description="Customer-journey maps: check them, start new ones, build the handbook.")
    parser.add_argument("--version", action="version", version=f"cjm {__version__}")
    # Every subcommand reads the project's configuration the same way.
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument(
        "-f", "--config-file", metavar="PATH", default=None,
        help="the site's mkdocs.yml (default: the nearest mkdocs.yml or properdocs.yml "
             "in this folder or one above it)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", parents=[project],
                           help="check every map and persona; exit 1 on errors")
    check.add_argument("maps_dir", nargs="?", default=None,
                       help="the maps folder (default: the cjm plugin's maps_dir in mkdocs.yml, else maps)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text lines, GitHub Actions annotations, or JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--today", type=_date, default=None,
                       help="the date to judge reviews by (default: today, or SOURCE_DATE_EPOCH)")
    check.set_defaults(run=cmd_check)

    schema = sub.add_parser("schema", parents=[project],
                            help="print the JSON Schema of maps and personas")
    schema.add_argument("kind", nargs="?", choices=("all", "map", "persona"), default="all")
    schema.add_argument("--output", "-o", help="write map.schema.json and persona.schema.json here")
    schema.set_defaults(run=cmd_schema)

    new = sub.add_parser("new", parents=[project], help="write a commented starting map or persona")
    new.add_argument("kind", choices=("map", "persona"))
    new.add_argument("name", help="the map's title or the persona's name")
    new.add_argument("--maps-dir", default=None,
                     help="the maps folder (default: the cjm plugin's maps_dir in mkdocs.yml, else maps)")
    new.add_argument("--id", default=None,
                     help="the file name without .md, which is the id and the page address "
                          "(default: made from the name)")
    new.add_argument("--type", choices=MAP_TYPES, default=None,
                     help="the map's type (default: guessed from a title ending in one, "
                          "e.g. 'Onboarding — future state', else current-state)")
    new.add_argument("--persona", default=None,
                     help="the new map's persona id (default: asked in a terminal, "
                          "else a placeholder that cjm check reports)")
    new.set_defaults(run=cmd_new)

    engine_help = ("the site engine (default: the one the project uses: ProperDocs for a "
                   "properdocs.yml, else the first installed of MkDocs, ProperDocs, Zensical)")
    build = sub.add_parser("build", parents=[project],
                           help="build the handbook's site with MkDocs, ProperDocs or Zensical")
    build.add_argument("--engine", choices=engines.ENGINES, default=None, help=engine_help)
    build.add_argument("-d", "--site-dir", default=None,
                       help="the folder to write the site to (default: site_dir in mkdocs.yml, else site)")
    build.add_argument("--strict", action="store_true",
                       help="fail on any error in the maps (and on the engine's warnings)")
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", parents=[project],
                           help="preview the handbook; a save rebuilds the pages it changes")
    serve.add_argument("--engine", choices=engines.ENGINES, default=None, help=engine_help)
    serve.add_argument("-a", "--dev-addr", default=None, metavar="IP:PORT",
                       help="where to serve (default: the engine's, localhost:8000)")
    serve.set_defaults(run=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        project = load_project(Path.cwd(), Path(args.config_file) if args.config_file else None)
    except ConfigError as exc:
        print(f"cjm: {exc}", file=sys.stderr)
        return 2
    run: Callable[[argparse.Namespace, Project], int] = args.run
    return int(run(args, project))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
