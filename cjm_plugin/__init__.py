"""cjm: customer-journey maps as a searchable MkDocs handbook."""

__version__ = "0.1.0"
