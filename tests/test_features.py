"""Comparison of current and future state, reviews, exports and languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from bs4 import BeautifulSoup
from support import PERSONA, make_project, run_build

from cjm_plugin.cli import main
from cjm_plugin.core.reading.loader import load_handbook

CURRENT = """\
---
title: Now
persona: dina
owner: Growth
updated: 2026-11-01
compares: later
status: published
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
status: published
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
        # "Checkout is loong" names no pain point (a warning): it answers nothing.
        assert answers == ["Answered by the future state: Not on the first page (Awareness → Finds us first)",
                           'Not answered yet: =HYPERLINK("http://x") (Awareness)',
                           "Not answered yet: Checkout is long (Purchase)"]


def test_an_answer_that_names_no_pain_point_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project(tmp_path))
    assert main(["check", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("maps/later.md:19:19: warning: stage 2 'Purchase', step 1 'Pays in one tap', "
                      "answers item 1: 'Checkout is "
                      "loong' is not a pain point of 'now' (maps/now.md); did you mean 'Checkout is long'?")


def test_answers_on_a_stage_or_a_step_as_one_text_or_a_list_are_located_where_written(
        tmp_path: Path) -> None:
    (tmp_path / "now.md").write_text(
        "---\ntitle: Now\ncompares: later\nstages:\n  - name: A\n    pain_points: [Slow queue, "
        "Rude staff]\n    steps:\n      - {name: s, score: 2, pain_points: Cold food}\n---\n")
    (tmp_path / "later.md").write_text(
        "---\ntitle: Later\ntype: future-state\ncompares: now\nstages:\n  - name: A\n"
        "    answers: Slow queu\n    steps:\n"
        "      - {name: s, score: 4, answers: [Cold food, rude staf, Nothing]}\n"
        "      - {name: t, score: 4, answers: Nope}\n---\n")
    book = load_handbook(tmp_path, root=tmp_path, as_of=dt.date(2026, 11, 23))
    assert [str(p) for p in book.problems] == [
        "later.md:7:14: warning: stage 1 'A', answers: 'Slow queu' is not a pain point of 'now' "
        "(now.md); did you mean 'Slow queue'?",
        "later.md:9:50: warning: stage 1 'A', step 1 's', answers item 2: 'rude staf' is not a "
        "pain point of 'now' (now.md); did you mean 'Rude staff'?",
        "later.md:9:61: warning: stage 1 'A', step 1 's', answers item 3: 'Nothing' is not a pain "
        "point of 'now' (now.md)",
        "later.md:10:38: warning: stage 1 'A', step 2 't', answers: 'Nope' is not a pain point "
        "of 'now' (now.md)"]


def test_backlog_csv_keeps_formulas_as_text(tmp_path: Path) -> None:
    build = run_build(project(tmp_path))
    rows = list(csv.DictReader(io.StringIO((build.site / "backlog/backlog.csv").read_text("utf-8-sig"))))
    assert [r["text"] for r in rows] == ["Not on the first page", "'=HYPERLINK(\"http://x\")", "Checkout is long"]
    data = json.loads((build.site / "backlog/backlog.json").read_text("utf-8"))
    # The JSON keeps the text as written: only a spreadsheet would run it.
    assert [r["text"] for r in data["backlog"]] == ["Not on the first page", '=HYPERLINK("http://x")',
                                                    "Checkout is long"]
    owners = {r["owner"] for r in rows}
    assert owners == {"Growth"}


def test_a_language_is_one_file(tmp_path: Path) -> None:
    root = project(tmp_path, language="fr", options={"templates_dir": "overrides"})
    (root / "overrides").mkdir()
    (root / "overrides/fr.yml").write_text("map_type: Genre\nbacklog: Irritants et pistes\n", "utf-8")
    build = run_build(root, "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/now/"), "html.parser")
    facts = [dt.get_text(strip=True) for dt in page.select(".cjm-facts dt")]
    assert facts[0] == "Genre" and facts[1] == "Status"  # missing keys fall back to English
    backlog = BeautifulSoup(build.page("backlog/"), "html.parser")
    assert backlog.select_one("article h1").get_text(strip=True) == "Irritants et pistes"


def test_reviews_follow_source_date_epoch(tmp_path: Path) -> None:
    root = project(tmp_path)
    # 2027-06-01: both maps (updated 2026-11-01, every 90 days) are overdue.
    late = run_build(root, env={"SOURCE_DATE_EPOCH": "1811808000"})
    page = BeautifulSoup(late.page("reviews/"), "html.parser")
    # Twice each: in the "Overdue" list across owners, and in the owner's own list.
    assert len(page.select("table.cjm-reviews-overdue tr.cjm-review--overdue")) == 2
    assert len(page.select("tr.cjm-review--overdue")) == 4
    assert [b.get_text(strip=True) for b in page.select(".cjm-badge")] == ["Overdue by 122 days"] * 4
    on_time = run_build(root)  # the fixed 2026-11-23 of the test suite
    page = BeautifulSoup(on_time.page("reviews/"), "html.parser")
    assert page.select("tr.cjm-review--overdue") == []
    assert page.select_one("h2").get_text(strip=True) == "Growth"


def review_map(title: str, owner: str, updated: str) -> str:
    return (f"---\ntitle: {title}\npersona: dina\nowner: {owner}\nstatus: published\n"
            f"updated: {updated}\nstages:\n  - name: A\n    steps:\n      - name: B\n"
            "        score: 3\n---\n")


def test_reviews_page_opens_with_a_summary_and_every_overdue_map(tmp_path: Path) -> None:
    """On 2026-11-23 (every 90 days): two maps overdue under two owners, one due soon."""
    files = {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/ops-old.md": review_map("Ops old", "Operations", "2026-07-01"),    # due 09-29
        "maps/growth-old.md": review_map("Growth old", "Growth", "2026-01-01"),  # due 04-01
        "maps/growth-soon.md": review_map("Growth soon", "Growth", "2026-08-30"),  # due 11-28
        "maps/ops-fine.md": review_map("Ops fine", "Operations", "2026-11-01"),
    }
    for language, summary, heading in [
        ("en", "2 maps overdue, 1 map due within 14 days, 1 map up to date.", "Overdue"),
        ("id", "2 peta terlambat ditinjau, 1 peta jatuh tempo dalam 14 hari, 1 peta terkini.",
         "Terlambat"),
    ]:
        build = run_build(make_project(tmp_path / language, files, language=language), "--strict")
        assert build.returncode == 0, build.log
        page = BeautifulSoup(build.page("reviews/"), "html.parser")
        content = page.select_one("div.cjm")
        assert content.select_one("p.cjm-reviews-summary").get_text(strip=True) == summary
        headings = [h.get_text(strip=True) for h in content.select("h2")]
        assert headings == [heading, "Growth", "Operations"]
        overdue = content.select("table.cjm-reviews-overdue tbody tr")
        # Longest overdue first, whoever owns it; each with its owner.
        assert [[td.get_text(strip=True) for td in tr.select("td")][:2] for tr in overdue] == [
            ["Growth old", "Growth"], ["Ops old", "Operations"]]
        assert overdue[0].select_one("a")["href"] == "../maps/growth-old/"
        toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary a.md-nav__link")]
        assert toc[:1] == [heading]


def test_reviews_summary_singular_and_nothing_overdue(tmp_path: Path) -> None:
    files = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
             "maps/late.md": review_map("Late", "Growth", "2026-07-01")}
    page = BeautifulSoup(run_build(make_project(tmp_path / "one", files)).page("reviews/"),
                         "html.parser")
    assert page.select_one("p.cjm-reviews-summary").get_text(strip=True) == (
        "1 map overdue, 0 maps due within 14 days.")
    # 2026-07-01 + 90 days = 2026-09-29: one day late on 09-30, due today on 09-29.
    for epoch, badge in (("1790726400", "Overdue by 1 day"), ("1790640000", "Due today"),
                         ("1790553600", "Due in 1 day"), ("1790467200", "Due in 2 days")):
        late = run_build(make_project(tmp_path / epoch, files), env={"SOURCE_DATE_EPOCH": epoch})
        badges = BeautifulSoup(late.page("reviews/"), "html.parser").select(".cjm-badge")
        assert {b.get_text(strip=True) for b in badges} == {badge}
    files["maps/late.md"] = review_map("Late", "Growth", "2026-11-20")
    page = BeautifulSoup(run_build(make_project(tmp_path / "none", files)).page("reviews/"),
                         "html.parser")
    assert page.select_one("p.cjm-reviews-summary").get_text(strip=True) == (
        "0 maps overdue, 0 maps due within 14 days, 1 map up to date.")
    assert page.select("table.cjm-reviews-overdue") == []
    assert [h.get_text(strip=True) for h in page.select("div.cjm h2")] == ["Growth"]
