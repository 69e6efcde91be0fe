"""The ``cjm`` command: check maps, print the JSON Schemas, start new files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .core.loader import find_files, load_handbook
from .core.problems import Problem, one_line
from .core.reviews import today
from .core.scaffold import new_file
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


def cmd_check(args: argparse.Namespace) -> int:
    maps_dir = Path(args.maps_dir)
    book = load_handbook(maps_dir, on=args.today or today())
    maps, personas = find_files(maps_dir) if maps_dir.is_dir() else ([], [])
    errors, warnings = len(book.errors), len(book.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
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


def cmd_schema(args: argparse.Namespace) -> int:
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


def cmd_new(args: argparse.Namespace) -> int:
    maps_dir = Path(args.maps_dir)
    persona = args.persona
    if args.kind == "map" and persona is None and maps_dir.is_dir():
        _, persona_files = find_files(maps_dir)
        persona = persona_files[0].stem if persona_files else None
    try:
        target = new_file(args.kind, args.name, maps_dir, today(), persona=persona)
    except FileExistsError as exc:
        print(f"cjm new: {exc}", file=sys.stderr)
        return 1
    print(target)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm", description="Customer-journey maps: check them, and start new ones.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check every map and persona; exit 1 on errors")
    check.add_argument("maps_dir", nargs="?", default="maps", help="the maps folder (default: maps)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text lines, GitHub Actions annotations, or JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--today", type=_date, default=None,
                       help="the date to judge reviews by (default: today, or SOURCE_DATE_EPOCH)")
    check.set_defaults(run=cmd_check)

    schema = sub.add_parser("schema", help="print the JSON Schema of maps and personas")
    schema.add_argument("kind", nargs="?", choices=("all", "map", "persona"), default="all")
    schema.add_argument("--output", "-o", help="write map.schema.json and persona.schema.json here")
    schema.set_defaults(run=cmd_schema)

    new = sub.add_parser("new", help="write a commented starting map or persona")
    new.add_argument("kind", choices=("map", "persona"))
    new.add_argument("name", help="the map's title or the persona's name")
    new.add_argument("--maps-dir", default="maps", help="the maps folder (default: maps)")
    new.add_argument("--persona", default=None, help="the new map's persona id")
    new.set_defaults(run=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
