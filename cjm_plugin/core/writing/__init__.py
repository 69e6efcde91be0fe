"""Writing: see docs/architecture.md."""
