"""Language: see docs/architecture.md."""
