"""Checks of maps and personas beyond a field's type, one module per check.

The loader (:mod:`cjm_plugin.core.loader`) reads and validates each file on its own,
then runs these on what was valid, in this order:

* :mod:`.ids`: file names and ids that can be a page's address (run on each file as it
  is read, once its model is built); files sharing an id;
* :mod:`.references`: persona ids and ``compares`` name files that exist;
* :mod:`.actors`: an actor a letter away from a persona id;
* :mod:`.zooms`: ``zoom`` names another map, and zooms never go round in a circle;
* :mod:`.scores`: a score per persona names the step's personas;
* :mod:`.answers`: an ``answers`` entry names a pain point of the compared map;
* :mod:`.reviews`: a map's review is not overdue.

Some checks read a single file, before its model is built (the loader runs them on each
file it reads): :mod:`.lane_keys`, which keys a stage or step may use; :mod:`.sizes`, the
limits on a body's lines, headings, links, cells, marks and tags and on a map's stages and
steps, which keep a build's work in proportion to the file; :mod:`.diagrams`, a warning
where a body writes a Mermaid diagram (bodies draw none).
One more reads the text of a map that is valid on its own: :mod:`.placeholders`, a
score marked `# TODO` (a placeholder `cjm import` writes) is reported until it is set.

Each check across files returns its problems, located with
:meth:`~cjm_plugin.core.source.SourceFile.problem`; a map with an error is left out
of the handbook, and what refers to it is not reported again.
"""
