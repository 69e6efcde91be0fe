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
