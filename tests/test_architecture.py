"""The rules docs/architecture.md states about who may import what, checked on the code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support import REPO

CORE = REPO / "cjm_plugin" / "core"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute or relative (relative ones as '.x')."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_the_core_never_imports_a_site_engine() -> None:
    engines = ("mkdocs", "material", "properdocs")
    modules = sorted(CORE.rglob("*.py"))  # the checks/ package too
    assert CORE / "checks" / "ids.py" in modules
    offenders = {path.relative_to(CORE).as_posix():
                 sorted(m for m in imported_modules(path) if m.split(".")[0] in engines)
                 for path in modules}
    assert {name: mods for name, mods in offenders.items() if mods} == {}
    assert not [p.name for p in modules if ".plugin" in str(imported_modules(p))]


def test_the_core_and_the_command_load_without_mkdocs() -> None:
    code = ("import sys, cjm_plugin.cli, cjm_plugin.core.rendering.render, cjm_plugin.core.reading.loader; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


#: The most lines a function in cjm_plugin may take (from its first decorator to its end):
#: a longer one does several jobs, to be split by job (issue 24).
MAX_FUNCTION_LINES = 60
#: Functions allowed past the limit for now (none): the test fails while an entry fits.
BEING_SPLIT: set[str] = set()
PACKAGE = REPO / "cjm_plugin"


def function_lengths(source: str, where: str) -> dict[str, int]:
    """Each function's and method's length in lines, by ``where:Class.name``."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    found[f"{where}:{name}"] = (child.end_lineno or child.lineno) - first + 1
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_a_function_is_measured_from_its_decorator_to_its_end() -> None:
    source = ("class A:\n    @staticmethod\n    def f():\n        def g():\n"
              "            return 1\n        return g\n\nasync def h():\n    pass\n")
    assert function_lengths(source, "x.py") == {"x.py:A.f": 5, "x.py:A.f.g": 2, "x.py:h": 2}


def test_no_function_is_longer_than_60_lines() -> None:
    lengths: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lengths.update(function_lengths(path.read_text(encoding="utf-8"),
                                        path.relative_to(PACKAGE).as_posix()))
    assert "cli.py:build_parser" in lengths
    too_long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
    assert {k: v for k, v in too_long.items() if k not in BEING_SPLIT} == {}
    # An entry that fits (or is gone) leaves the temporary list.
    assert BEING_SPLIT <= set(too_long), f"remove from BEING_SPLIT: {sorted(BEING_SPLIT - set(too_long))}"


def test_no_function_is_too_complex() -> None:
    """ruff's C901 with pyproject.toml's max-complexity: a function with more branches
    does several jobs."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "C901",
                           "--output-format", "concise", "cjm_plugin"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _module_state(path: Path) -> list[str]:
    """What in ``path`` could keep state from one run to the next in one process: a
    ``global`` statement, or a module-level name bound to an empty container or a
    ``KeptParts`` (a table of constants is written out, so it is never empty)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"global {', '.join(node.names)}" for node in ast.walk(tree) if isinstance(node, ast.Global)]
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        empty = (isinstance(value, (ast.Dict, ast.List, ast.Set)) and not getattr(value, "keys", None)
                 and not getattr(value, "elts", None))
        made = (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict", "KeptParts"))
        if empty or made:
            found.append(ast.unparse(node).split("=", 1)[0].strip())
    return found


def test_the_core_keeps_no_cache_in_a_module_global() -> None:
    """The preview's caches have one owner, the session's ``core.session.SessionCache``,
    passed down; a build or ``cjm check`` passes none and reads everything afresh.
    (Memoised functions of what cjm ships, its catalogues and locales, are no state of a
    handbook; nor is the language messages are written in, a setting.)"""
    state = {path.relative_to(CORE).as_posix(): _module_state(path) for path in sorted(CORE.rglob("*.py"))}
    allowed = {"language/translate.py": ["global _active"]}
    assert {name: found for name, found in state.items() if found and found != allowed.get(name)} == {}


def _package_imports() -> dict[str, set[str]]:
    """Each module of cjm_plugin and the modules of cjm_plugin it imports when it loads
    (imports under ``if TYPE_CHECKING:`` and inside functions are not run at load)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[:len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    found.add(full if full in modules else module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_import_cycle_inside_the_package() -> None:
    graph = _package_imports()
    assert "cjm_plugin.core.reading.loader" in graph  # the folders of the flow are walked
    cycles: list[list[str]] = []

    def walk(module: str, path: list[str], done: set[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in path:
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in done:
                walk(imported, [*path, imported], done)
        done.add(module)

    finished: set[str] = set()
    for module in sorted(graph):
        if module not in finished:
            walk(module, [module], finished)
    assert cycles == []


def test_the_core_folders_name_the_stages_of_the_flow() -> None:
    folders = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").exists())
    assert folders == ["checks", "language", "model", "publishing", "reading", "rendering",
                       "reporting", "views", "writing"]
    assert sorted(p.name for p in CORE.glob("*.py")) == ["__init__.py"]
