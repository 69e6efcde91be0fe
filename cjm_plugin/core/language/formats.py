"""Numbers and dates as the reader's locale writes them, with Babel (CLDR data):
18000 is "18,000" in English and "18.000" in Indonesian, 2.5 is "2,5" in Indonesian.

Dates follow the site's ``date_format`` label (a CLDR pattern; English keeps
``yyyy-MM-dd``, Indonesian reads "1 Okt 2026"), so a site can choose its own in its
label file.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol

FALLBACK = "en"


@cache
def locale_of(language: str) -> Locale:
    """The Babel locale of MkDocs' ``theme.language`` (``id``, ``pt-BR``…); English when
    Babel does not know it."""
    try:
        return Locale.parse((language or FALLBACK).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


class Formats:
    """The number and date filters of the page templates, in one language."""

    def __init__(self, language: str, date_pattern: str = "yyyy-MM-dd"):
        self.locale = locale_of(language)
        self.date_pattern = date_pattern
        self.decimal_sign = get_decimal_symbol(self.locale)

    def number(self, value: float) -> str:
        """As written, with the locale's grouping and decimal sign: 18000 -> '18.000' (id),
        2.5 -> '2,5' (id); at most six significant decimals, as '%g' had."""
        return format_decimal(value, format="#,##0.######", locale=self.locale)

    def one_decimal(self, value: float) -> str:
        """An average shown with one decimal: 3.25 -> '3.2' (en), '3,2' (id)."""
        return ("%.1f" % value).replace(".", self.decimal_sign)

    def signed(self, value: float) -> str:
        """A change with its sign and one decimal: '+1.5', '-0.5' (en); '+1,5' (id)."""
        return ("%+.1f" % value).replace(".", self.decimal_sign)

    def date(self, value: dt.date) -> str:
        return format_date(value, format=self.date_pattern, locale=self.locale)
