"""Facts decided in one place, so that the pages that show them agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support import PERSONA, front

from cjm_plugin.core import views
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.views.insights import heat_maps

ON = dt.date(2026, 11, 23)

NOW = front("""\
    title: Now
    type: current-state
    personas: [dina, budi]
    compares: later
    stages:
      - name: Pay now
        steps:
          - name: Pays
            score: {dina: 2, budi: 3}
          - name: Waits
            score: 3
    """)
LATER = front("""\
    title: Later
    type: future-state
    persona: dina
    compares: now
    stages:
      - name: pay  NOW
        steps:
          - name: Pays in one tap
            score: 4
    """)
OTHER_NOW = front("""\
    title: Other
    type: current-state
    persona: dina
    stages:
      - name: PAY  now
        steps:
          - name: Pays
            score: 5
    """)


def test_a_stage_average_is_the_same_in_the_comparison_and_the_heat_map(tmp_path: Path) -> None:
    for rel, text in {"personas/dina.md": PERSONA.format(name="Dina"),
                      "personas/budi.md": PERSONA.format(name="Budi"),
                      "now.md": NOW, "later.md": LATER, "other.md": OTHER_NOW}.items():
        (tmp_path / "maps" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "maps" / rel).write_text(text, encoding="utf-8")
    book = load_handbook(tmp_path / "maps", root=tmp_path, as_of=ON)
    assert book.errors == []
    compared = views.comparison(book.maps["now"], book)
    assert compared is not None
    # "Pays" is scored 2 and 3 (2.5, not its whole score 3): the stage averages (2.5 + 3) / 2.
    # Stage names match as every matcher does (texts.text_key): capitals and spacing aside.
    assert [(p.name, p.current, p.future) for p in compared.stages] == [("Pay now", 2.75, 4)]
    assert compared.overall.current == 2.75
    current = next(h for h in heat_maps(book) if h.map_type == "current-state")
    assert current.stages == ["Pay now"]
    assert {row.map.id: row.cells[0].average for row in current.rows} == {"now": 2.75, "other": 5}
