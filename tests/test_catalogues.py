"""The catalogues of what a writer reads: every language has every message, translated,
with the fields its message fills in; no message a writer reads is left out of them.

Adding a language is adding one catalogue (``pybabel init``, see
scripts/update-catalogues); these tests say what it still lacks.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from support import REPO

from cjm_plugin.core.language import translate

LOCALES = REPO / "cjm_plugin" / "core" / "locales"
#: How scripts/update-catalogues extracts the messages (keywords and babel.cfg).
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2)}


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """babel.cfg, read as pybabel reads it."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(REPO / "babel.cfg", encoding="utf-8") as handle:
        return parse_mapping_cfg(handle)


def extracted() -> set[str]:
    """Every message the code and the templates of `cjm new` mark, as pybabel finds them."""
    methods, options = _method_map()
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPO), methods, options, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(code: str) -> dict[str, list[str]]:
    with open(LOCALES / code / "LC_MESSAGES" / "cjm.po", "rb") as handle:
        po = read_po(handle, locale=code)
    out: dict[str, list[str]] = {}
    for message in po:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        texts = list(message.string) if isinstance(message.string, tuple) else [message.string]
        out[key] = [] if message.fuzzy else texts
    return out


def fields(text: str) -> set[str]:
    """The ``{name}`` fields a message fills in (``{value!r}`` counts as ``value``)."""
    try:
        return {name.split("!")[0].split(".")[0] for _t, name, _s, _c in string.Formatter().parse(text)
                if name}
    except ValueError:  # a literal brace in a message without fields ('score: {id: 1 to 5}')
        return set()


LANGUAGES = translate.available()


def test_english_and_indonesian_are_shipped() -> None:
    assert {"en", "id"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalogue_has_every_message_translated(code: str) -> None:
    wanted = extracted()
    have = catalogue(code)
    missing = sorted(wanted - set(have))
    assert not missing, f"{code}: run scripts/update-catalogues, then translate: {missing}"
    untranslated = sorted(m for m in wanted if not have[m] or not all(have[m]))
    assert not untranslated, f"{code}: not translated (or marked fuzzy): {untranslated}"
    stale = sorted(set(have) - wanted)
    assert not stale, f"{code}: messages the code no longer has: {stale}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_translation_fills_in_only_the_fields_its_message_has(code: str) -> None:
    """A field the English text does not have would stop the message (KeyError); one
    it leaves out is allowed (PyYAML's own English words, for one)."""
    wrong = {m: texts for m, texts in catalogue(code).items()
             for t in texts if not fields(t) <= fields(m)}
    assert not wrong


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_label_file_has_every_label(code: str) -> None:
    english = yaml.safe_load((LOCALES / "en.yml").read_text("utf-8"))
    labels = yaml.safe_load((LOCALES / f"{code}.yml").read_text("utf-8"))
    assert sorted(set(english) - set(labels)) == []


# --- no writer's message left out of the catalogues ----------------------------------

#: Calls whose text argument a writer reads: a problem, its advice, a config error, a
#: log line. Their text must come from the catalogues: a call to _, _n, or a variable
#: holding one, never a string literal or an f-string written in place.
_WRITER_CALLS = {"Problem", "problem", "ValueError", "ConfigError", "PluginError",
                 "ArgumentTypeError", "_Refused", "info", "warning", "error", "print",
                 "GitError", "SheetError", "ExportError", "append"}
_SOURCES = sorted((REPO / "cjm_plugin").rglob("*.py"))


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name not in _WRITER_CALLS:
        return []
    if name in {"Problem"}:
        return call.args[3:4] + [k.value for k in call.keywords if k.arg == "message"]
    if name == "SheetError":  # SheetError(where, message)
        return call.args[1:2]
    if name == "error" and len(call.args) == 3:  # grid.error(row, col, message)
        return call.args[2:3]
    if name == "append" and isinstance(call.func, ast.Attribute) and isinstance(
            call.func.value, ast.Attribute) and call.func.value.attr in {"guesses", "unplaced"}:
        return call.args[:1]  # what cjm import says it guessed or left out
    if name == "append":
        return []
    if name == "problem":
        return call.args[1:2] + [k.value for k in call.keywords if k.arg == "message"]
    if name in {"info", "warning", "error"}:  # log.info("%s", text): the format is not read
        return call.args[1:] if call.args and isinstance(call.args[0], ast.Constant) \
            and call.args[0].value == "%s" else call.args[:1]
    return call.args[:1]


def _written_in_place(node: ast.expr) -> bool:
    """A text written in the code: "…", f"…", or "…" + something."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and any(ch.isalpha() for ch in str(v.value))
                   for v in node.values)
    if isinstance(node, ast.BinOp):
        return _written_in_place(node.left) or _written_in_place(node.right)
    if isinstance(node, ast.IfExp):
        return _written_in_place(node.body) or _written_in_place(node.orelse)
    return False


#: Texts a writer never reads: a file name printed by `cjm schema -o`, and errors in
#: cjm's own code (a template asking for a placeholder cjm does not know, a link target).
_NOT_FOR_WRITERS = ("f'{kind}.schema.json'", "not a placeholder listed", "unknown link target")


@pytest.mark.parametrize("source", _SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_writer_message_is_written_outside_the_catalogues(source: Path) -> None:
    tree = ast.parse(source.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for arg in _text_arguments(node):
            if _written_in_place(arg):
                found.append(f"{source.name}:{node.lineno}: {ast.unparse(arg)[:80]}")
    assert [line for line in found if not any(ok in line for ok in _NOT_FOR_WRITERS)] == []


def test_a_message_is_translated_when_it_is_made() -> None:
    with translate.speaking("id"):
        assert translate._("a map needs at least one stage") == "peta perlu paling sedikit satu tahap"
        assert translate._n("{count} error", "{count} errors", 3) == "3 kesalahan"
    with translate.speaking("en"):
        assert translate._n("{count} error", "{count} errors", 1) == "1 error"
        assert translate._("a message no catalogue has") == "a message no catalogue has"


@pytest.mark.parametrize(("option", "env", "configured", "expected"), [
    (None, None, "id", "id"),
    ("en", None, "id", "en"),        # --lang wins
    (None, "en", "id", "en"),        # then CJM_LANG
    ("id", "en", "en", "id"),
    (None, None, "id-ID", "id"),     # a regional code: its language
    (None, None, "pt-BR", "en"),     # no catalogue yet: English
    (None, None, None, "en"),
])
def test_the_writers_language_is_chosen(monkeypatch: pytest.MonkeyPatch, option: str | None,
                                        env: str | None, configured: str | None, expected: str) -> None:
    if env is None:
        monkeypatch.delenv(translate.ENV, raising=False)
    else:
        monkeypatch.setenv(translate.ENV, env)
    assert translate.choose(option, configured) == expected


@pytest.mark.parametrize("source", _SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_problem_has_a_stable_code(source: Path) -> None:
    """--format json and github give tools a code that does not change with the language."""
    tree = ast.parse(source.read_text("utf-8"))
    missing = [f"{source.name}:{node.lineno}" for node in ast.walk(tree)
               if isinstance(node, ast.Call)
               and (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
               in {"Problem", "problem"}
               and not any(k.arg == "code" for k in node.keywords)
               and not (source.name == "source.py" and len(node.args) >= 8)]  # SourceFile.problem's own
    assert missing == []
