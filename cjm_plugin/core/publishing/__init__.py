"""Publishing: see docs/architecture.md."""
