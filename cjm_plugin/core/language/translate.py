"""What a writer reads, in the handbook's language: gettext catalogues read with Babel.

Every message ``cjm check``, ``cjm new``, the preview's problem box and the build's
log print is written in the code as its English text, marked ``_("…")`` (with
``{name}`` fields filled in by keyword), and translated from the catalogue
``locales/<language>/LC_MESSAGES/cjm.po``. The ``.po`` files are the standard format
translators' tools (Poedit, Weblate, Lokalize…) edit; ``pybabel extract`` (config in
``babel.cfg``) lists the messages into ``locales/cjm.pot``. The catalogues ship as
``.po`` and are read when first needed (Babel reads the ``.po``, writes it as a
``.mo`` in memory, and the standard library's ``gettext`` answers from it): no
compile step at build time that a wheel could miss.

The language in effect is process-wide, as gettext's is: the ``cjm`` command sets it
from ``--lang``, ``CJM_LANG`` or ``theme.language`` (in that order), the plugin from
``CJM_LANG`` or ``theme.language``. Messages are translated when they are made.
"""

from __future__ import annotations

import gettext
import io
import os
import string
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

FALLBACK = "en"
DOMAIN = "cjm"
#: The environment variable that chooses the writer's language over ``theme.language``.
ENV = "CJM_LANG"

_active = FALLBACK


@cache
def available() -> tuple[str, ...]:
    """The languages with a catalogue, e.g. ('en', 'id')."""
    folder = resources.files("cjm_plugin.core").joinpath("locales")
    return tuple(sorted(
        entry.name for entry in folder.iterdir()
        if entry.is_dir() and entry.joinpath("LC_MESSAGES").joinpath(f"{DOMAIN}.po").is_file()))


def base_language(code: str) -> str:
    """'id' for 'id', 'id-ID', 'id_ID' or 'ID'."""
    return (code or FALLBACK).replace("_", "-").split("-")[0].lower() or FALLBACK


def choose(option: str | None = None, configured: str | None = None) -> str:
    """The writer's language: ``option`` (``--lang``), else ``CJM_LANG``, else the
    site's ``theme.language``; a language without a catalogue falls back to English."""
    for wanted in (option, os.environ.get(ENV), configured):
        if wanted:
            code = base_language(wanted)
            return code if code in available() else FALLBACK
    return FALLBACK


def set_language(code: str) -> None:
    global _active
    _active = base_language(code) if base_language(code) in available() else FALLBACK


def language() -> str:
    """The language messages are made in now."""
    return _active


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Make messages in ``code`` inside the block (tests, one-off builds)."""
    before = _active
    set_language(code)
    try:
        yield
    finally:
        set_language(before)


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The translations of ``code``, read from its ``.po`` (English: the texts as written)."""
    path = resources.files("cjm_plugin.core").joinpath(f"locales/{code}/LC_MESSAGES/{DOMAIN}.po")
    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=code, domain=DOMAIN)
    except (FileNotFoundError, OSError):
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, po)  # fuzzy entries (not checked by a translator) are left out
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _fill(text: str, fields: dict[str, object]) -> str:
    return string.Formatter().vformat(text, (), fields) if fields else text


def _(message: str, /, **fields: object) -> str:
    """``message`` in the language in effect, with ``{name}`` fields filled in."""
    return _fill(catalogue(_active).gettext(message), fields)


def _n(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """A message with a number: ``{count}`` is filled in; the language's plural rule
    chooses the form (Indonesian has one form, English two)."""
    return _fill(catalogue(_active).ngettext(singular, plural, count), {"count": count, **fields})


def N_(message: str, /) -> str:
    """Marks a text for the catalogue without translating it yet (module constants,
    translated with ``_`` when used)."""
    return message
