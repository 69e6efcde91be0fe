"""What may become part of a page's address: file names and ids.

A map's file name (or its ``id:``) becomes its page's address (``maps/<id>/``), the
name of its export (``maps/<id>.json``), a path on the build machine and a word in
CI logs. Characters that mean something to HTML, to a URL or to a shell are refused
with the reason, so that no file name can become markup, a broken link or a command.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.characters import INVISIBLE_CATEGORIES

#: The longest id or file name (without ``.md``): the page's folder and its export
#: (``<id>.json``) must fit a file system's 255-byte names, in UTF-8, with room to spare.
MAX_ID_LENGTH = 100

#: ASCII characters that break a web address (``# % ?``), an HTML attribute
#: (``" ' < > ` &``) or a shell command (``$ ; | & * ? ` \\ { } [ ] ! ~``).
UNSAFE_ASCII = frozenset("\"'<>`&$;|*?#%\\{}[]!~^")

#: Unicode categories an id refuses: invisible characters and line breaks.
UNSAFE_CATEGORIES = INVISIBLE_CATEGORIES

#: Exports published beside the pages of each kind, by the suffix they add to an id.
MAP_EXPORT_SUFFIX = ".json"
EXPORT_SUFFIXES: dict[str, tuple[str, ...]] = {"map": (MAP_EXPORT_SUFFIX,), "persona": ()}

#: The exports of every site, each written here once: ``site.plan_exports`` publishes
#: them and the pages link to them.
BACKLOG_CSV = "backlog/backlog.csv"
BACKLOG_JSON = "backlog/backlog.json"
#: What the backlog page's script filters and sorts (``core/backlog_data.py``).
BACKLOG_DATA = "backlog/entries.json"
METRICS_CSV = "insights/metrics.csv"
METRICS_JSON = "insights/metrics.json"


#: The folder of the files cjm serves itself (its scripts, styles and Mermaid).
ASSETS_DIR = "assets/cjm"

#: Endings that make an id look like a web page's file name: ``maps/index.html/`` would
#: be a folder where the site writes the page ``maps/index.html``.
PAGE_SUFFIXES = (".html", ".htm")


# -- where each page is: the one place page paths are made ---------------------------
#: Page paths are source paths, as the engines read them (``maps/<id>.md``); the
#: engine turns one into a URL (``maps/<id>/``). The registry (``pages.PAGE_KINDS``)
#: gives each kind its address with these.

def map_uri(mid: str) -> str:
    """The Markdown path of a map's page (``maps/<id>.md``, published at ``maps/<id>/``)."""
    return f"maps/{mid}.md"


def persona_uri(pid: str) -> str:
    return f"personas/{pid}.md"


def index_uri(name: str) -> str:
    return f"{name}/index.md"


def part_uri(uri: str, part: int) -> str:
    """The page that continues the list of the page at ``uri`` (``core/paging.py``):
    part 1 is ``uri`` itself, part 2 of ``maps/index.md`` is ``maps/index/2.md`` (at
    ``maps/index/2/``), part 2 of ``personas/dina.md`` is ``personas/dina/2.md``. No map
    or persona can have such an address: ``index`` is no id and an id has no ``/``."""
    return uri if part == 1 else f"{uri[:-3]}/{part}.md"


def first_part_uri(uri: str, part: int) -> str:
    """The address of part 1 of the list that the page at ``uri`` (part ``part``) continues."""
    return uri if part == 1 else uri.rsplit("/", 1)[0] + ".md"


def target_uri(target: str) -> str:
    """A link target as templates name it, as a path: ``map:x`` -> ``maps/x.md``,
    ``persona:x`` -> ``personas/x.md``, ``page:maps`` -> ``maps/index.md``,
    ``file:a/b.csv`` -> ``a/b.csv``."""
    kind, _, key = target.partition(":")
    if kind == "map":
        return map_uri(key)
    if kind == "persona":
        return persona_uri(key)
    if kind == "page":
        return index_uri(key)
    if kind == "file":
        return key
    raise ValueError(f"unknown link target {target!r}")


def page_uri(kind: str, ident: str) -> str:
    """The Markdown path of the page of a map or a persona."""
    return persona_uri(ident) if kind == "persona" else map_uri(ident)


def map_export_uri(mid: str) -> str:
    """Where a map's JSON export is published, beside its page (``maps/<id>/``)."""
    return f"maps/{mid}{MAP_EXPORT_SUFFIX}"


def unsafe_characters(text: str) -> list[str]:
    """The characters of ``text`` that may not stand in an address, each once, as a
    reader can see them (``"`` or ``U+001B``)."""
    found: list[str] = []
    for ch in text:
        if ch in UNSAFE_ASCII:
            shown = ch
        elif unicodedata.category(ch) in UNSAFE_CATEGORIES or (ch.isspace() and ch != " "):
            shown = f"U+{ord(ch):04X}"
        else:
            continue
        if shown not in found:
            found.append(shown)
    return found


def name_problem(name: str, what: str) -> str | None:
    """Why ``name`` (a file name without ``.md``, or an id) cannot be an address, or None.

    ``what`` is ``"the file name"``, ``"the folder name"`` or ``"the id"``; the advice differs."""
    bad = unsafe_characters(name)
    shown = {"the file name": _("the file name"), "the folder name": _("the folder name")
             }.get(what, _("the id"))
    if bad:
        advice = {"the file name": _("rename the file using letters, digits, '-', '_' and '.'"),
                  "the folder name": _("rename the folder using letters, digits, '-', '_' and '.'"),
                  }.get(what, _("use letters, digits, '-', '_' and '.'"))
        return _("{what} has characters that break web addresses and shell commands "
                 "({characters}); {advice}", what=shown, advice=advice,
                 characters="".join(bad) if all(len(b) == 1 for b in bad) else ", ".join(bad))
    if len(name) > MAX_ID_LENGTH:
        return _("{what} is {length} characters long; keep it to {most} at most", what=shown,
                 length=len(name), most=MAX_ID_LENGTH)
    if name.startswith("-"):
        return _("{what} must not start with '-' (a command would read it as an option)", what=shown)
    return None


def export_owner(ident: str, kind: str) -> str | None:
    """The id whose export would have the same address as ``ident``'s page
    (``a.json`` for the map ``a``), in any capitals."""
    for suffix in EXPORT_SUFFIXES.get(kind, ()):
        if ident.lower().endswith(suffix) and len(ident) > len(suffix):
            return ident[: -len(suffix)]
    return None


def address_problem(ident: str, kind: str) -> str | None:
    """Why ``ident``, whose characters are fine (:func:`name_problem`), cannot be the last
    part of a page's address, or None."""
    what = _("persona") if kind == "persona" else _("map")
    if ident == "index":
        return (_("'index' cannot be a persona id: it is the address of the list of every "
                  "persona; rename the file or set another 'id:'") if kind == "persona" else
                _("'index' cannot be a map id: it is the address of the list of every "
                  "map; rename the file or set another 'id:'"))
    if "/" in ident or ident.startswith("."):
        return _("'{id}' cannot be a {kind} id: the id is the page's address, so it must "
                 "not contain '/' or '\\' nor start with '.'", id=ident, kind=what)
    if ident.lower().endswith(PAGE_SUFFIXES):
        folder = "personas" if kind == "persona" else "maps"
        return _("'{id}' cannot be a {kind} id: it looks like a file name, and the page's "
                 "address ({address}) would clash with the site's own pages; remove "
                 "the ending, rename the file or set another 'id:'", id=ident, kind=what,
                 address=f"{folder}/{ident}/")
    if (owner := export_owner(ident, kind)) is not None:
        return _("'{id}' cannot be a {kind} id: {address} is where the JSON "
                 "export of a map '{owner}' is published; rename the file or set another 'id:'",
                 id=ident, kind=what, address=map_export_uri(owner), owner=owner)
    return None


def id_problem(ident: str, kind: str, what: str = "the id") -> str | None:
    """The one rule for what may be a map's or a persona's id (``what``: ``"the id"``,
    or ``"the file name"`` when the file sets none): the check, the build, the preview
    and the preview's page of a broken file all ask it."""
    return name_problem(ident, what) or address_problem(ident, kind)


def folder_problem(file: Path, maps_dir: Path) -> str | None:
    """Why the name of a folder between ``maps_dir`` and ``file`` cannot be part of an
    address, or None. A folder's name is in the file's path: in messages, in CI logs and
    in the "Edit this page" link, so it is held to the rules of a file name."""
    try:
        parts = file.parent.relative_to(maps_dir).parts
    except ValueError:
        return None
    for part in parts:
        issue = name_problem(part, "the folder name")
        if issue:
            return issue
    return None


def file_stem(file: Path) -> str:
    """The file's name without ``.md``: the id of a file that sets none."""
    return file.name[:-3] if file.name.endswith(".md") else file.name


def written_text(value: Any) -> str | None:
    """A text or a number as written in the front-matter, stripped; None otherwise."""
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    return text or None


def written_id(data: Any, file: Path) -> str:
    """The id a file gives itself, read before its model is checked: its ``id:`` (a
    text or a number), else its file name."""
    return written_text(data.get("id") if isinstance(data, dict) else None) or file_stem(file)


def case_key(ident: str) -> str:
    """Ids that are equal once capitals and Unicode forms are ignored share a page on
    case-insensitive file systems and look alike in an address: ``Dina``/``dina``,
    ``é`` written as one character or as ``e`` and an accent."""
    return unicodedata.normalize("NFC", ident).casefold()


def lookalikes(ident: str) -> dict[str, str]:
    """The letters of ``ident`` from another alphabet that look like a Latin letter or
    digit (Cyrillic ``с`` like ``c``), each with the one it looks like.

    The pairs are Unicode's list of confusable characters (Unicode Technical Standard
    #39), as the ``confusable_homoglyphs`` package ships it."""
    if ident.isascii():
        return {}
    from confusable_homoglyphs import confusables  # its table is large: read when needed

    found = confusables.is_confusable(ident, greedy=True, preferred_aliases=["latin", "common"])
    swaps: dict[str, str] = {}
    for entry in found or ():
        latin = sorted({g["c"].strip("\u200e") for g in entry["homoglyphs"]},
                       key=lambda c: (not c.isalpha(), c))
        latin = [c for c in latin if len(c) == 1 and c.isascii() and c.isalnum()]
        if latin:
            swaps[entry["character"]] = latin[0]
    return swaps


def collision_key(ident: str) -> str:
    """The key two ids share when they would share a page or look the same to a reader:
    equal but for capitals and Unicode forms (:func:`case_key`), or written with letters
    of another alphabet that look the same (``checkout`` and ``cheсkout`` with a Cyrillic
    ``с``; compatibility forms such as full-width letters too)."""
    folded = unicodedata.normalize("NFKC", ident).casefold()
    swaps = lookalikes(folded)
    return case_key("".join(swaps.get(ch, ch) for ch in folded))


def slugify(name: str) -> str:
    """'Dina — the busy professional' -> 'dina-the-busy-professional'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "untitled"
