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
    code = ("import sys, cjm_plugin.cli, cjm_plugin.core.render, cjm_plugin.core.loader; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


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
    allowed = {"translate.py": ["global _active"]}
    assert {name: found for name, found in state.items() if found and found != allowed.get(name)} == {}
