"""Comparison of current and future state, reviews, exports and languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bs4 import BeautifulSoup

from cjm_plugin.cli import main
from support import PERSONA, make_project, run_build

CURRENT = """\
---
title: Now
persona: dina
owner: Growth
updated: 2026-11-01
compares: later
stages:
  - name: Awareness
    steps:
      - name: Searches
        score: 2
        pain_points: [Not on the first page, "=HYPERLINK(\\"http://x\\")"]
  - name: Purchase
    steps:
      - name: Pays
        score: 1
        pain_points: Checkout is long
---
"""

FUTURE = """\
---
title: Later
type: future-state
persona: dina
owner: Growth
updated: 2026-11-01
compares: now
stages:
  - name: Awareness
    steps:
      - name: Finds us first
        score: 4
        answers: not on the first page
  - name: Purchase
    steps:
      - name: Pays in one tap
        score: 5
        answers: [Checkout is loong]
---
"""


def project(tmp_path: Path, **kw) -> Path:
    return make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/now.md": CURRENT,
        "maps/later.md": FUTURE,
    }, **kw)


def test_comparison_shows_emotion_change_and_answered_pain_points(tmp_path: Path) -> None:
    build = run_build(project(tmp_path))
    assert build.returncode == 0, build.log
    for url in ("maps/now/", "maps/later/"):  # shown on both maps
        page = BeautifulSoup(build.page(url), "html.parser")
        rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
                for tr in page.select("table.cjm-comparison tbody tr, table.cjm-comparison tfoot tr")]
        assert rows == [["Awareness", "2.0", "4.0", "+2.0"],
                        ["Purchase", "1.0", "5.0", "+4.0"],
                        ["Whole journey (average emotion)", "1.5", "4.5", "+3.0"]]
        answers = [li.get_text(" ", strip=True) for li in page.select("ul.cjm-answers li")]
        assert answers[0].startswith("Answered by the future state: Not on the first page")
        assert any(a.startswith("Not answered yet: Checkout is long") for a in answers)


def test_an_answer_that_names_no_pain_point_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project(tmp_path))
    assert main(["check", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("maps/later.md:18:19: warning: stages[1].steps[0].answers[0]: 'Checkout is "
                      "loong' is not a pain point of 'now'; did you mean 'Checkout is long'?")


def test_backlog_csv_keeps_formulas_as_text(tmp_path: Path) -> None:
    build = run_build(project(tmp_path))
    rows = list(csv.DictReader(io.StringIO((build.site / "backlog/backlog.csv").read_text("utf-8"))))
    texts = [r["text"] for r in rows]
    assert "'=HYPERLINK(\"http://x\")" in texts and "Not on the first page" in texts
    data = json.loads((build.site / "backlog/backlog.json").read_text("utf-8"))
    assert '=HYPERLINK("http://x")' in [r["text"] for r in data["backlog"]]
    owners = {r["owner"] for r in rows}
    assert owners == {"Growth"}


def test_a_language_is_one_file(tmp_path: Path) -> None:
    root = project(tmp_path, language="fr", options=":\n      templates_dir: overrides")
    (root / "overrides").mkdir()
    (root / "overrides/fr.yml").write_text("map_type: Genre\nbacklog: Irritants et pistes\n", "utf-8")
    build = run_build(root, "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/now/"), "html.parser")
    facts = [dt.get_text(strip=True) for dt in page.select(".cjm-facts dt")]
    assert facts[0] == "Genre" and facts[1] == "Status"  # missing keys fall back to English
    assert "Irritants et pistes" in build.page("backlog/")


def test_reviews_follow_source_date_epoch(tmp_path: Path) -> None:
    root = project(tmp_path)
    # 2027-06-01: both maps (updated 2026-11-01, every 90 days) are overdue.
    late = run_build(root, env={"SOURCE_DATE_EPOCH": "1811808000"})
    page = BeautifulSoup(late.page("reviews/"), "html.parser")
    assert len(page.select("tr.cjm-review--overdue")) == 2
    assert "Overdue by 122 days" in page.get_text()
    on_time = run_build(root)  # the fixed 2026-11-23 of the test suite
    page = BeautifulSoup(on_time.page("reviews/"), "html.parser")
    assert page.select("tr.cjm-review--overdue") == []
    assert page.select_one("h2").get_text(strip=True) == "Growth"
