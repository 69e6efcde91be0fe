"""Reading: see docs/architecture.md."""
