"""Reading one Markdown file: front-matter, body, and where every YAML value sits.

PyYAML's composer keeps the line and column of every node; we keep them in a
map from field path to position so that a validation error on
``stages[2].steps[0].score`` can point at the exact spot in the file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cjm_plugin.core.language.translate import _, _n
from cjm_plugin.core.reading.yaml_depth import MAX_DEPTH, too_deep
from cjm_plugin.core.reporting.messages import did_you_mean
from cjm_plugin.core.reporting.problems import Problem, field_path, human_path
from cjm_plugin.core.reporting.yaml_errors import character_error, syntax_error

if TYPE_CHECKING:  # libyaml's CSafeLoader has the pure-Python SafeLoader's interface
    from yaml import SafeLoader as _BaseLoader
else:
    try:  # libyaml is several times faster; the pure-Python loader is the fallback.
        _BaseLoader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        _BaseLoader = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class _Loader(_BaseLoader):
    """A safe loader that leaves dates as text, so that pydantic reports bad dates
    (``2026-02-30``) with their location instead of PyYAML raising mid-construction."""


#: YAML 1.1 reads ``1:30`` as a number in base 60 (90) and ``1:30.5`` as 90.5: a
#: ``review_every: 1:30`` would become 90 days without a word. Without those forms (as
#: YAML 1.2 has none), such a value stays text and the model says it is not a number.
_NUMBERS = {  # PyYAML's own patterns (resolver.py), less their base-60 alternatives
    _INT: re.compile(r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+)$""", re.X),
    _FLOAT: re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X),
}

_Loader.yaml_implicit_resolvers = {
    first: [(tag, _NUMBERS.get(tag, rx))
            for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

#: The keys and list indexes from the front-matter's top to one value:
#: ``("stages", 1, "steps", 0, "score")``.
KeyPath = tuple[Any, ...]
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")

#: Limits that keep hostile YAML from hanging or crashing a build: a map nests
#: about 7 levels deep; anchors repeated inside each other ("billion laughs")
#: or used inside themselves would otherwise expand without end.
MAX_VALUES = 200_000
#: A map or persona file may be at most this large: a real map is a few kilobytes,
#: and a file of tens of megabytes costs gigabytes to parse and to publish.
MAX_FILE_BYTES = 2 * 1024 * 1024

_MERGE = "tag:yaml.org,2002:merge"
#: ``!!binary`` hides a value from the reviewer: the base64 in the pull request is decoded
#: only when the site is built. It is not part of the map format.
_BINARY = "tag:yaml.org,2002:binary"


class _Refused(Exception):
    """A node the reader will not build (too large, too deep, or not part of the format)."""

    def __init__(self, node: yaml.Node | yaml.Token, message: str, code: str):
        super().__init__(message)
        self.node = node
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based


@dataclass(frozen=True)
class SplitList:
    """A ``[a, b]`` list that looks like one text cut at its commas, and where it is."""

    items: list[str]
    position: Position


@dataclass
class SourceFile:
    """A parsed file: its front-matter data, its Markdown body and the positions."""

    path: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    value_positions: dict[KeyPath, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Stage and step names by index ((stage,) and (stage, step)), for messages that
    #: name a stage as a person would; kept when the rest of the data is dropped.
    names: dict[tuple[int, ...], str] = field(default_factory=dict)
    #: Lists written as ``[a, b]`` and their items, checked for texts split at commas.
    flow_lists: list[tuple[KeyPath, list[str]]] = field(default_factory=list)
    #: The ``[a, b]`` lists that look like one text cut at its commas (warned about):
    #: other maps' checks must not take their pieces for texts the writer meant.
    split_lists: dict[KeyPath, SplitList] = field(default_factory=dict)
    #: How many more words "did you mean" may compare for this file: each hint compares
    #: a word with every choice, so a file with thousands of unknown keys against
    #: thousands of lanes must not cost millions of comparisons (a map needs a few).
    comparisons_left: int = 1_000

    def hint(self, word: str, choices: Iterable[str]) -> str:
        """A "did you mean" hint for ``word`` while this file's budget lasts."""
        options = list(choices)
        if self.comparisons_left <= 0 or len(word) > 200:
            return ""
        self.comparisons_left -= len(options)
        return did_you_mean(word, options)

    def item(self, where: KeyPath, index: int) -> KeyPath:
        """Where item ``index`` of the list at ``where`` is written: the item, or the
        list's own place when one text was written instead (``notes: yes``), which the
        model reads as a list of one (``model._one_or_many``)."""
        path = (*where, index)
        return path if path in self.value_positions else tuple(where)

    def position(self, path: KeyPath, *, of_key: bool = False) -> Position:
        """Where the value (or its key) at ``path`` is written; the nearest parent
        that exists otherwise (a missing field points at its mapping)."""
        table = self.key_positions if of_key else self.value_positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.value_positions:
                return self.value_positions[probe]
            probe = probe[:-1]
        return self.value_positions.get((), Position(1, 1))

    def problem(self, path: KeyPath, message: str, *, field_name: str = "",
                of_key: bool = False, severity: str = "error", code: str = "") -> Problem:
        pos = self.position(path, of_key=of_key)
        where = human_path(tuple(path), self.names) if field_name else ""
        return Problem(self.path, pos.line, pos.col, message, field_name, severity,  # type: ignore[arg-type]
                       where, code)


def read_bytes(file: Path, display_path: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the problem that stops them being read. Only a regular
    file is read (never a link, a device or a pipe: ``/dev/zero`` would never end),
    and never more than :data:`MAX_FILE_BYTES`."""
    try:
        info = os.lstat(file)
        if stat.S_ISLNK(info.st_mode):
            return None, Problem(display_path, 1, 1, _(
                "the file is a symbolic link; cjm reads only regular files inside the project: "
                "put the file itself here"), code="file.link")
        if stat.S_ISDIR(info.st_mode):
            return None, Problem(display_path, 1, 1, _("this is a folder, not a file; a folder's "
                                                       "name must not end in .md"), code="file.folder")
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(display_path, 1, 1, _("this is not a regular file; cjm reads only "
                                                       "regular files"), code="file.special")
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
            size = max(info.st_size, len(raw))
    except OSError as exc:
        return None, Problem(display_path, 1, 1, _("cannot read the file: {reason}",
                                                   reason=exc.strerror), code="file.unreadable")
    if size > MAX_FILE_BYTES:
        return None, Problem(display_path, 1, 1, _(
            "the file is {size} MB; a map or persona file may be at most "
            "{most} MB (move long research notes to a page in docs/)",
            size=f"{size / 1024 / 1024:.1f}", most=MAX_FILE_BYTES // 1024 // 1024), code="file.too-large")
    return raw, None


def decode(raw: bytes, display_path: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(display_path, line, 1,
                             _("the file is not UTF-8 text; save it with UTF-8 encoding"),
                             code="file.encoding")


def parse_text(text: str, display_path: str, src: SourceFile | None = None) -> SourceFile:
    """Split ``text`` into front-matter and body and parse the front-matter."""
    src = src or SourceFile(display_path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        src.problems.append(Problem(
            display_path, 1, 1,
            _("missing front-matter: the file must start with a line '---', then YAML, "
              "then a closing '---'"), code="front-matter.missing"))
        return src
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        src.problems.append(Problem(
            display_path, 1, 1,
            _("the front-matter opened on line 1 is never closed: add a line '---' after the YAML"),
            code="front-matter.unclosed"))
        return src
    yaml_text = "\n".join(lines[1:end]) + "\n"
    src.body = "\n".join(lines[end + 1:])
    src.body_line = end + 2
    _parse_yaml(yaml_text, src, line_offset=1)
    if isinstance(src.data, dict):
        src.names = _names(src.data)
        _check_flow_lists(src)
    src.flow_lists = []
    if not src.problems and not isinstance(src.data, dict):
        kind = _("empty") if src.data is None else _yaml_kind(src.data)
        src.problems.append(Problem(
            display_path, 2 if end > 1 else 1, 1,
            _("the front-matter must be a mapping of 'key: value' lines, but it is {kind}", kind=kind),
            code="front-matter.not-mapping"))
    return src


def _names(data: dict[Any, Any]) -> dict[tuple[int, ...], str]:
    names: dict[tuple[int, ...], str] = {}
    stages = data.get("stages")
    for si, stage in enumerate(stages if isinstance(stages, list) else []):
        if not isinstance(stage, dict):
            continue
        if isinstance(stage.get("name"), str):
            names[(si,)] = stage["name"].strip()
        steps = stage.get("steps")
        for ti, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict) and isinstance(step.get("name"), str):
                names[(si, ti)] = step["name"].strip()
    return names


#: Words that start the second half of a sentence, not a new item (English, Indonesian).
_JOINERS = frozenset("and or but so then which that because while with without dan atau "
                     "tetapi tapi yang karena sehingga lalu".split())
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("\u201c", "\u201d"), ("\u2018", "\u2019"))


def _starts_mid_sentence(item: str, earlier: list[str]) -> bool:
    """Whether ``item`` reads as the rest of a sentence cut at a comma: it starts with a
    joining word ("and", "yang"…), or in lower case after items that all start with a
    capital, as a phrase of three words or more after one of two or more ("Video
    terlalu panjang, nama toko baru muncul di akhir"; "Instagram, WhatsApp, Google
    search" and "Jakarta, small business owners" are real lists)."""
    words = item.split()
    if not words:
        return False
    if words[0] in _JOINERS:
        return True
    return (words[0][0].islower() and len(words) >= 3 and len(earlier[-1].split()) >= 2
            and all(e[:1].isupper() for e in earlier))


def _splits_a_number(item: str, previous: str) -> bool:
    """``18,000`` read as the two items '18' and '000'."""
    return bool(re.match(r"\d{3}(?!\d)", item)) and previous[-1:].isdigit()


def _looks_split(items: list[str]) -> bool:
    """Whether a ``[a, b]`` list looks like one text cut at its commas: an item with a
    bracket or quote left open or closed alone, one that starts mid-sentence, or a
    number cut at its thousands comma."""
    for i, item in enumerate(items):
        if any(item.count(a) != item.count(b) for a, b in _PAIRS) or item.count('"') % 2:
            return True
        if i > 0 and (_starts_mid_sentence(item, items[:i])
                      or _splits_a_number(item, items[i - 1])):
            return True
    return False


def _check_flow_lists(src: SourceFile) -> None:
    for path, items in src.flow_lists:
        if len(items) > 1 and _looks_split(items):
            src.split_lists[path] = SplitList(items, src.position(path))
            shown = ", ".join(f"'{item}'" for item in items)
            src.problems.append(src.problem(
                path, _n("the commas split this list into {count} item: {items}; if it is "
                         "one text, put it in quotes, or write the list as lines starting with '- '",
                         "the commas split this list into {count} items: {items}; if it is "
                         "one text, put it in quotes, or write the list as lines starting with '- '",
                         len(items), items=shown),
                field_name=field_path(path), severity="warning", code="list.split-by-commas"))


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a single text")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("a number")
    return _("a {kind}", kind=type(value).__name__)


def _parse_yaml(text: str, src: SourceFile, *, line_offset: int) -> None:
    deep = too_deep(text)
    if deep is not None:
        src.problems.append(Problem(src.path, deep.line + 1 + line_offset, deep.col + 1,
                                    _("the front-matter nests more than {most} levels deep; "
                                      "a map needs far fewer", most=MAX_DEPTH), code="yaml.too-deep"))
        return
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return
        src.data = _construct(node, (), src, loader, line_offset, [MAX_VALUES])
    except _Refused as exc:
        src.problems.append(Problem(src.path, exc.node.start_mark.line + 1 + line_offset,
                                    exc.node.start_mark.column + 1, exc.message, code=exc.code))
    except yaml.reader.ReaderError as exc:
        line, col, message, code = character_error(exc, text)
        src.problems.append(Problem(src.path, line + 1 + line_offset, col, message, code=code))
    except yaml.MarkedYAMLError as exc:
        line, col, message, code = syntax_error(exc, text)
        src.problems.append(Problem(src.path, line + 1 + line_offset, col, message, code=code))
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        src.problems.append(Problem(src.path, 1 + line_offset, 1,
                                    _("invalid YAML: {detail}", detail=exc), code="yaml.invalid"))
    finally:
        loader.dispose()


def _construct(node: yaml.Node, path: KeyPath, src: SourceFile, loader: Any, off: int,
               budget: list[int]) -> Any:
    """Build plain Python data from ``node`` while recording each value's position.

    ``budget`` holds how many more values may be built (see :data:`MAX_VALUES`)."""
    _spend(node, path, budget)
    src.value_positions[path] = Position(node.start_mark.line + 1 + off, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(node, path, src, loader, off, budget)
    if isinstance(node, yaml.SequenceNode):
        items = [_construct(item, path + (i,), src, loader, off, budget)
                 for i, item in enumerate(node.value)]
        if node.flow_style and all(isinstance(n, yaml.ScalarNode) and not n.style
                                   for n in node.value):
            src.flow_lists.append((path, [str(n.value) for n in node.value]))
        return items
    if node.tag == _BINARY:
        raise _Refused(node, _("values marked '!!binary' are not part of the map format (a reviewer "
                               "sees only base64, not what is published); write the text itself"),
                       "yaml.binary")
    return loader.construct_object(node, deep=True)


def _spend(node: yaml.Node, path: KeyPath, budget: list[int]) -> None:
    """Count one more value; refuse a front-matter that grows too large or too deep."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(node, _("the front-matter expands to more than {most} values "
                               "(anchors '*name' repeated inside each other?); write the values out",
                               most=MAX_VALUES), "yaml.too-many-values")
    if len(path) > MAX_DEPTH:
        raise _Refused(node, _("the front-matter nests more than {most} levels deep "
                               "(an anchor '*name' used inside itself?); a map needs far fewer",
                               most=MAX_DEPTH), "yaml.too-deep")


def _construct_mapping(node: yaml.MappingNode, path: KeyPath, src: SourceFile, loader: Any,
                       off: int, budget: list[int]) -> dict[Any, Any]:
    """A mapping, its keys as texts; a key written twice is reported (the last one wins)."""
    # Merge keys are refused, never flattened: PyYAML's flatten_mapping copies the
    # merged pairs before any budget could count them (600 bytes grow to gigabytes).
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _mapping_key(key_node, loader)
        child = path + (key,)
        src.key_positions[child] = Position(
            key_node.start_mark.line + 1 + off, key_node.start_mark.column + 1)
        if key in result:
            pos = src.key_positions[child]
            src.problems.append(Problem(
                src.path, pos.line, pos.col,
                _("'{key}' is written twice in the same place; keep one", key=key), field_path(child),
                code="key.duplicate"))
        result[key] = _construct(value_node, child, src, loader, off, budget)
    return result


def _mapping_key(key_node: yaml.Node, loader: Any) -> str:
    """A mapping's key as a text (``1``, ``1.5``, ``yes`` and ``null`` keys too)."""
    if key_node.tag == _MERGE:
        raise _Refused(key_node, _("merge keys ('<<') are not part of the map format; "
                                   "write the values out"), "yaml.merge-key")
    if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]` or `? {a: b}` as a key
        raise _Refused(key_node, _("invalid YAML: a key must be a plain text, "
                                   "not a list or a mapping"), "yaml.complex-key")
    key = loader.construct_object(key_node, deep=True)
    return key if isinstance(key, str) else str(key)
