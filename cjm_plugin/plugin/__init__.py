"""The MkDocs adapter: a thin plugin over :mod:`cjm_plugin.core`.

It runs unchanged under ProperDocs, the maintained continuation of MkDocs 1.x:
ProperDocs loads plugins registered under ``mkdocs.plugins`` (and its own
``properdocs.plugins``, where cjm is registered too), and before it loads any plugin
it answers every ``mkdocs.*`` import with its own ``properdocs.*`` module. So these
modules import ``mkdocs`` and need no second code path, even where the ``mkdocs``
package is not installed at all.
"""
