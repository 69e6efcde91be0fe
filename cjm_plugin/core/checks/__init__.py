"""Checks of maps and personas beyond a field's type, one module per check.

Every check is listed in :mod:`.registry`, which the loader
(:mod:`cjm_plugin.core.reading.loader`) iterates; what a check reads is in :mod:`.inputs`.

Checks of one file (``(FileInput) -> list[Problem]``), run as each file is read:

* on every file: :mod:`.sizes`, the limits on a body's lines, headings, links, cells,
  marks and tags and on a map's stages and steps, which keep a build's work in
  proportion to the file; :mod:`.diagrams`, a warning where a body writes a Mermaid
  diagram (bodies draw none);
* on a file within those limits, before its model is built: :mod:`.placeholders`,
  texts ``cjm new`` wrote; :mod:`.lane_keys`, which keys a stage or step may use;
* on a file valid on its own: :mod:`.ids`, file names and ids that can be a page's
  address; :mod:`.placeholders` again, a score marked ``# TODO``.

Files sharing an id are found as the files are collected (:func:`.ids.unique_ids`).
Checks of the handbook (``(HandbookInput) -> {map id: problems}``), run on the maps
valid on their own, round by round:

* :mod:`.references`: persona ids and ``compares`` name files that exist;
* :mod:`.actors`: an actor a letter away from a persona id;
* :mod:`.zooms`: ``zoom`` names another map, and zooms never go round in a circle;
* :mod:`.scores`: a score per persona names the step's personas;
* :mod:`.answers`: an ``answers`` entry names a pain point of the compared map;
* :mod:`.reviews`: a map's review is not overdue.

Each check returns its problems, located with
:meth:`~cjm_plugin.core.reading.source.SourceFile.problem`; a map with an error is left out
of the handbook, and what refers to it is not reported again.
"""
