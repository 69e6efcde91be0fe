"""The MkDocs adapter: a thin plugin over :mod:`cjm_plugin.core`."""
