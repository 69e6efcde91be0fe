"""Issue 23: impact and effort on pain points and opportunities, the prioritisation matrix
on the backlog and insights pages, and what a step or entry rests on (research or
assumption).

The checks' messages are pinned exactly through the real ``cjm check``; the pages are
read from a real ``mkdocs build``, in English and in Indonesian.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from support import front, make_project, resolve, run_build, soup

from cjm_plugin.cli import main
from cjm_plugin.core.model.schema import map_schema
from cjm_plugin.core.views import matrix

ON = dt.date(2026, 11, 23)
DINA = "---\nname: Dina\n---\n"

SCORED = front("""\
    title: Catering now
    persona: dina
    status: published
    updated: 2026-11-01
    stages:
      - name: Discover
        opportunities:
          - text: Brand campaign
            impact: 2
            effort: high
        steps:
          - name: Searches
            score: 2
            basis: research
            source: Interviews, May 2026
            pain_points:
              - text: Not found on Google
                impact: 4
                effort: 2
              - Plain pain point
            opportunities:
              - text: Search ads
                impact: high
                effort: low
                basis: assumption
              - text: Same spot one
                impact: 5
                effort: 1
              - text: Same spot two
                impact: 5
                effort: 1
              - text: Only an impact
                impact: 3
      - name: Buy
        steps:
          - name: Pays
            score: 3
            basis: assumption
            opportunities:
              - text: E-wallets
                impact: 4
                effort: 4
    """)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    project = make_project(tmp_path_factory.mktemp("prio"), {
        "maps/personas/dina.md": DINA, "maps/now.md": SCORED})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


# -- the checks --------------------------------------------------------------------------

BAD = front("""\
    title: T
    persona: dina
    lanes:
      source: Where it comes from
    stages:
      - name: Buy
        steps:
          - name: Pays
            score: 3
            basis: guess
            source: [Older lane, still a lane]
            opportunities:
              - text: Faster checkout
                impact: huge
                effort: 6
                basis: Asumsi
    """)


def test_wrong_scores_and_bases_get_located_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "maps/personas").mkdir(parents=True)
    (tmp_path / "maps/personas/dina.md").write_text(DINA, encoding="utf-8")
    (tmp_path / "maps/m.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--today", ON.isoformat()])
    lines = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert (code, lines) == (1, [
        "maps/m.md:11:16: error: stage 1 'Buy', step 1 'Pays', basis: 'guess' is not a valid "
        "basis; use one of: research, assumption",
        "maps/m.md:15:21: error: stage 1 'Buy', step 1 'Pays', opportunities item 1.impact: "
        "'huge' is not a score of impact; use a number from 1 (little) to 5 (much), or low, "
        "medium or high",
        "maps/m.md:16:21: error: stage 1 'Buy', step 1 'Pays', opportunities item 1.effort: "
        "6 is not a score of effort; use a number from 1 (little) to 5 (much), or low, medium "
        "or high",
        "maps/m.md:17:20: error: stage 1 'Buy', step 1 'Pays', opportunities item 1.basis: "
        "'Asumsi' is not a valid basis; use one of: research, assumption",
    ])


def test_a_declared_lane_named_source_stays_a_lane(site, tmp_path: Path) -> None:
    """Files written before ``source`` was a step's key keep their custom lane."""
    good = "".join(line for line in BAD.splitlines(keepends=True)
                   if not line.strip().startswith(("basis:", "impact:", "effort:"))
                   ).replace("persona: dina\n", "persona: dina\nstatus: published\nupdated: 2026-11-01\n")
    project = make_project(tmp_path / "p", {"maps/personas/dina.md": DINA, "maps/m.md": good})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    cell = soup(build, "maps/m/").select_one(".cjm-cell--source")
    assert [li.get_text() for li in cell.select("li")] == ["Older lane", "still a lane"]


def test_the_schema_offers_impact_effort_and_basis() -> None:
    schema = map_schema()
    tracked = schema["$defs"]["TrackedItem"]["properties"]
    assert tracked["impact"]["anyOf"] == [{"enum": ["low", "medium", "high"]},
                                          {"type": "integer", "minimum": 1, "maximum": 5}]
    assert tracked["effort"]["anyOf"] == tracked["impact"]["anyOf"]
    assert tracked["basis"]["enum"] == ["research", "assumption"]
    step = schema["$defs"]["Step"]["properties"]
    assert step["basis"]["enum"] == ["research", "assumption"] and step["source"]["type"] == "string"
    assert not any(key.startswith("__") for key in step)


# -- the matrix's layout -----------------------------------------------------------------

@pytest.mark.parametrize(("impact", "effort", "name"), [
    (5, 1, "quick_wins"), (3, 2, "quick_wins"), (3, 3, "big_bets"), (5, 5, "big_bets"),
    (2, 2, "fill_ins"), (1, 1, "fill_ins"), (2, 3, "money_pits"), (1, 5, "money_pits")])
def test_quadrants_count_a_middle_score_as_high(impact: int, effort: int, name: str) -> None:
    assert matrix.quadrant(impact, effort) == name


# -- the pages ---------------------------------------------------------------------------

def test_backlog_draws_the_matrix_with_numbered_linked_points_and_a_list(site) -> None:
    page = soup(site, "backlog/")
    figure = page.select_one("figure.cjm-matrix")
    points = figure.select("svg a.cjm-matrix__point")
    titles = [a.title.get_text() for a in points]
    assert len(points) == 6  # "Only an impact" is not placed
    assert titles[0] == ("1. Search ads (Opportunity; impact 5, effort 1) — "
                         "Catering now · Discover · Searches")
    # Every point leads to its step (or stage) on the map page, which has that anchor.
    for a in points:
        path, _, anchor = a["xlink:href"].partition("#")
        target = resolve("backlog/", path)
        assert target == "maps/now/"
        assert soup(site, target).find(id=anchor) is not None, anchor
    brand = next(a for a in points if "Brand campaign" in a.title.get_text())
    assert brand["xlink:href"].endswith("#cjm-stage-1")
    # Items with the same scores are drawn apart, each still readable.
    spots = {(a.circle["cx"], a.circle["cy"]) for a in points}
    assert len(spots) == len(points)
    # The list beside it, by quadrant, names every placed item with its number.
    lists = {h.get_text(" ", strip=True).split(" (")[0]: [li.get_text(" ", strip=True) for li in h.find_next("ol").select("li")]
             for h in figure.select(".cjm-matrix__list h3")}
    assert list(lists) == ["Quick wins", "Big bets", "Money pits"]
    assert [int(li["value"]) for li in figure.select(".cjm-matrix__list li")] == [1, 2, 3, 4, 5, 6]
    assert lists["Quick wins"][0].startswith("Search ads Opportunity · Catering now · Discover · "
                                             "Searches · impact 5 · effort 1")
    assert "1 item has an impact or an effort but not both" in figure.get_text()
    assert [h["id"] for h in page.select("article h2")] == ["cjm-matrix", "cjm-entries"]


def test_backlog_sorts_and_filters_by_impact_effort_and_basis(site) -> None:
    page = soup(site, "backlog/")
    heads = [th.get_text(strip=True) for th in page.select("table.cjm-backlog thead th")]
    assert heads == ["Kind", "Entry", "Map", "Stage", "Step", "Owner", "Progress", "Priority",
                     "Impact", "Effort", "Basis"]
    assert [th["data-key"] for th in page.select("table.cjm-backlog thead th")][8:] == ["impact", "effort", "basis"]
    filters = {s["name"]: [o.get("value", o.get_text()) for o in s.select("option")]
               for s in page.select("form.cjm-filters select")}
    assert filters["impact"] == filters["effort"] == ["", "1", "2", "3", "4", "5"]
    assert filters["basis"] == ["", "research", "assumption"]
    rows = {tr.select("td")[1].get_text(" ", strip=True): tr for tr in page.select("table.cjm-backlog tbody tr")}
    ads = rows["Search ads ? Assumption, not yet checked"]
    assert [td.get_text(strip=True) for td in ads.select("td")[8:]] == ["5", "1", "Assumption"]
    # An entry that does not say takes its step's basis; its mark says so in words.
    found = rows["Not found on Google ● Based on research. Source: Interviews, May 2026"]
    assert found.select("td")[10].get_text() == "Research"
    assert found.select_one(".cjm-basis")["title"] == "Based on research · Source: Interviews, May 2026"
    plain = rows["Plain pain point ● Based on research. Source: Interviews, May 2026"]
    assert [td.get_text() for td in plain.select("td")[8:10]] == ["", ""]


def test_map_page_marks_steps_and_entries_by_basis(site) -> None:
    page = soup(site, "maps/now/")
    steps = {li.select_one(".cjm-step__name").get_text(" ", strip=True): li.get("id")
             for li in page.select(".cjm-stage__steps li")}
    assert steps == {"Searches ● Based on research. Source: Interviews, May 2026": "cjm-step-1",
                     "Pays ? Assumption, not yet checked": "cjm-step-2"}
    ads = next(s for s in page.select(".cjm-tracked") if s.get_text().startswith("Search ads"))
    assert ads.select_one(".cjm-basis--assumption") is not None
    assert "Impact: 5 · Effort: 1" in ads.get_text()


def test_insights_show_the_matrix_and_how_much_rests_on_assumptions(site) -> None:
    page = soup(site, "insights/")
    ids = [h["id"] for h in page.select("article h2")]
    assert ids.index("cjm-matrix") == ids.index("cjm-progress") + 1 and ids[-1] == "cjm-basis"
    assert len(page.select("#cjm-insights-matrix-list li")) == 6
    row = [c.get_text(" ", strip=True) for c in page.select(".cjm-basis-table tbody tr")[0].select("th, td")]
    # Steps: 1 research, 1 assumption; entries: 6 on "Searches" (5 take research, 1 says
    # assumption), 1 on "Pays" (assumption), 1 on the stage (not marked).
    assert row == ["Catering now", "6", "3", "1", "30 % assumptions"]


def test_exports_carry_impact_effort_basis_and_source(site) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (site.site / "backlog/backlog.csv").read_text(encoding="utf-8-sig"))))
    ads = next(r for r in rows if r["text"] == "Search ads")
    assert (ads["impact"], ads["effort"], ads["basis"], ads["source"]) == ("5", "1", "assumption", "")
    found = next(r for r in rows if r["text"] == "Not found on Google")
    assert (found["impact"], found["effort"], found["basis"], found["source"]) == (
        "4", "2", "research", "Interviews, May 2026")
    data = json.loads((site.site / "maps/now.json").read_text(encoding="utf-8"))
    step = data["stages"][0]["steps"][0]
    assert (step["basis"], step["source"]) == ("research", "Interviews, May 2026")
    assert step["opportunities"][0] == {"text": "Search ads", "impact": 5, "effort": 1,
                                        "basis": "assumption"}


def test_indonesian_handbook_names_the_quadrants_in_indonesian(tmp_path: Path) -> None:
    project = make_project(tmp_path / "id", {"maps/personas/dina.md": DINA, "maps/now.md": SCORED},
                           language="id")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    figure = soup(build, "backlog/").select_one("figure.cjm-matrix")
    names = [t.get_text() for t in figure.select("text.cjm-matrix__name")]
    assert names == ["Menang cepat", "Taruhan besar", "Pengisi", "Jebakan biaya"]
    assert "Dampak →" in figure.get_text() and "Upaya →" in figure.get_text()


def test_a_handbook_without_scores_has_no_matrix(tmp_path: Path) -> None:
    plain = SCORED.replace("impact:", "# impact:").replace("effort:", "# effort:").replace(
        "basis:", "# basis:").replace("source:", "# source:")
    project = make_project(tmp_path / "p", {"maps/personas/dina.md": DINA, "maps/now.md": plain})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert soup(build, "backlog/").select(".cjm-matrix, article h2") == []
    assert soup(build, "insights/").select("#cjm-matrix, #cjm-basis") == []


def test_the_preview_rebuilds_the_backlog_when_a_steps_basis_or_order_changes(tmp_path: Path) -> None:
    """The backlog shows a step's basis on the entries that say none, and the matrix links
    to the step's number: both are inputs of the backlog page in `mkdocs serve --dirty`."""
    from cjm_plugin.core.publishing.dependencies import PageInputs
    from cjm_plugin.core.reading.loader import load_handbook

    def backlog_digest(text: str) -> bytes:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        (folder / "personas").mkdir(parents=True)
        (folder / "personas/dina.md").write_text(DINA, encoding="utf-8")
        (folder / "now.md").write_text(text, encoding="utf-8")
        book = load_handbook(folder, root=folder, as_of=ON)
        assert book.errors == []
        return PageInputs(book).backlog_rows

    first = backlog_digest(SCORED)
    assert backlog_digest(SCORED) == first
    assert backlog_digest(SCORED.replace("basis: research", "basis: assumption")) != first
    another_step = "      - name: Looks\n        score: 3\n      - name: Pays\n"
    assert "      - name: Pays\n" in SCORED
    assert backlog_digest(SCORED.replace("      - name: Pays\n", another_step)) != first
