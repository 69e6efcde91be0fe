"""The files cjm adds to every site (its stylesheet, the bundled Mermaid, the backlog's
script), by their path in the site: both engines' adapters publish this one list."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cjm_plugin.core.publishing.addresses import ASSETS_DIR

ASSETS = ASSETS_DIR
#: A stand-in for the global ``mermaid`` that imports Mermaid's ESM build (from
#: ``{ASSETS}/mermaid/``) only when a page renders a diagram: see ``assets/diagrams.js``.
DIAGRAMS_JS = f"{ASSETS}/diagrams.js"
MERMAID_DIR = f"{ASSETS}/mermaid"
CJM_CSS = f"{ASSETS}/cjm.css"
#: The backlog page's script (its template links it): finding, filters, sorting, pages.
BACKLOG_SCRIPTS = ("backlog.js",)


def _files_under(folder: Path) -> list[Path]:
    """The bundled Mermaid: its ESM entry, every chunk it may import, LICENSE, VERSION."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def site_assets(*, mermaid: bool = True) -> dict[str, Path]:
    """Each asset's path in the site and the packaged file it is copied from, in the
    order the MkDocs plugin has always added them."""
    shipped = Path(str(resources.files("cjm_plugin").joinpath("assets")))
    found: dict[str, Path] = {}
    if mermaid:
        found[DIAGRAMS_JS] = shipped / "diagrams.js"
        for path in _files_under(shipped / "mermaid"):
            found[f"{MERMAID_DIR}/{path.relative_to(shipped / 'mermaid').as_posix()}"] = path
    found[CJM_CSS] = shipped / "cjm.css"
    for script in BACKLOG_SCRIPTS:  # loaded by the backlog page only
        found[f"{ASSETS}/{script}"] = shipped / script
    return found
