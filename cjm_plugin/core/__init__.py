"""The engine-neutral core: model, loading, validation and rendering.

Nothing here imports MkDocs, so that another site engine can reuse it.
"""
