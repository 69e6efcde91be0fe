"""Options of the ``cjm`` plugin in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from cjm_plugin.core.model.reviews import DEFAULT_REVIEW_EVERY
from cjm_plugin.core.reading.project import DEFAULT_MAPS_DIR


class CjmConfig(base.Config):
    #: The folder of maps (with ``personas/`` inside), relative to mkdocs.yml.
    maps_dir = c.Type(str, default=DEFAULT_MAPS_DIR)
    #: A folder of Jinja templates that override the shipped ones (same file names),
    #: and of label files (``<language>.yml``) that add to or override the shipped ones.
    templates_dir = c.Optional(c.Type(str))
    #: Days between reviews for maps that do not set ``review_every``.
    review_every = c.Type(int, default=DEFAULT_REVIEW_EVERY)
    #: ``auto``: when mkdocs.yml has no ``nav:``, add sections for maps and personas
    #: (in groups of ``nav_group_size``) and the index pages, and in a hand-written
    #: ``nav:`` fill a section whose only entry is ``maps/index.md`` or
    #: ``personas/index.md``; ``off``: leave the nav alone.
    nav = c.Choice(("auto", "off"), default="auto")
    nav_group_size = c.Type(int, default=50)
    #: Serve the bundled Mermaid script from the site itself (no CDN). Turn off only
    #: if the site already loads Mermaid its own way.
    mermaid = c.Type(bool, default=True)
    #: Publish maps with ``status: draft`` (or no status) in ``mkdocs build``. Off by
    #: default, as in Material's blog plugin: a Pages site is public.
    draft = c.Type(bool, default=False)
    #: Show drafts in ``mkdocs serve`` (marked as drafts), so writers preview them.
    draft_on_serve = c.Type(bool, default=True)
    #: Clean the HTML of map and persona bodies (no scripts, frames, event attributes or
    #: ``javascript:`` links). Turn off only if every writer of the maps is trusted.
    sanitize_html = c.Type(bool, default=True)
    #: Map pages hide the table of contents (Material's page-level ``hide: [toc]``) so
    #: the journey and the grid get the content's full width; ``false`` keeps it.
    wide_maps = c.Type(bool, default=True)
