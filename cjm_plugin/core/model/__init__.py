"""Model: see docs/architecture.md."""
