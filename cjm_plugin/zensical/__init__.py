"""The Zensical adapter: the core's plan staged as files Zensical builds (see stage.py)."""
