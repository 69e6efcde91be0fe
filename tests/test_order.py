"""Maps and personas are listed in one order everywhere: the navigation follows the
handbook's order (by title as written, capitals ignored), as the indexes do, even for
titles whose escaped form would sort otherwise (``&`` is ``&amp;``, ``'`` is ``&#39;``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import escape

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.publishing.navigation import NavBuilder
from cjm_plugin.core.publishing.site import plan_pages
from cjm_plugin.core.reading.loader import load_handbook

LABELS = Labels("en")


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")


def test_the_nav_lists_maps_and_personas_in_the_handbooks_order(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    stages = "stages:\n  - name: S\n---\n"
    write(maps, {
        "quote.md": "---\ntitle: \"A'C\"\n" + stages,
        "amp.md": "---\ntitle: A&B\n" + stages,
        "personas/q.md": "---\nname: \"Z'Y\"\n---\n",
        "personas/a.md": "---\nname: Z&X\n---\n",
    })
    book = load_handbook(maps, root=tmp_path, as_of=dt.date(2026, 11, 23))
    assert [str(p) for p in book.problems] == []
    order = [d.title for d in book.maps_by_type["current-state"]]
    assert order == ["A&B", "A'C"]  # '&' comes before "'"; escaped, '&#39;' would come first
    assert [p.name for p in book.personas_by_name] == ["Z&X", "Z'Y"]
    pages = plan_pages(book, LABELS)
    nav = NavBuilder(pages, {p.uri: str(escape(p.title)) for p in pages}, LABELS,
                     {mid: doc.meta.type for mid, doc in book.maps.items()}, 50)
    assert nav.maps()[1] == {"Current state": [{"A&amp;B": "maps/amp.md"},
                                               {"A&#39;C": "maps/quote.md"}]}
    assert nav.personas()[1:] == [{"Z&amp;X": "personas/a.md"}, {"Z&#39;Y": "personas/q.md"}]
