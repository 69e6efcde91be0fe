"""Journey maps to and from the spreadsheets workshops use (``cjm import`` and ``cjm export``).

A map drawn as a table: the first column names each row (a lane's question or name, in
English or Indonesian), a row of stage names spans the steps, a row of steps gives the
columns, an optional score row, then one row per lane. :mod:`.reader` reads CSV, XLSX and
ODS into a :class:`~.reader.Grid`; :mod:`.matcher` says what each row's label means;
:mod:`.importer` turns a grid into a map's front-matter; :mod:`.mapfile` writes it as a
commented map file; :mod:`.table` lays a map out as rows and :mod:`.writer` saves them.
"""

from __future__ import annotations

from cjm_plugin.core.writing.sheets.reader import SheetError

__all__ = ["SheetError"]
