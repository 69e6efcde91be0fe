"""Rendering: see docs/architecture.md."""
