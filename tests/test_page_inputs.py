"""What the backlog and touchpoints indexes depend on, in process: their digests change
with what they show of a map's lanes (entries, stage, step, owners) and with nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import front

from cjm_plugin.core.publishing.dependencies import PageInputs
from cjm_plugin.core.publishing.pages import INDEX_KINDS, PageSpec, page_inputs
from cjm_plugin.core.reading.loader import load_handbook

MAP = """\
title: T
owner: Ops
stages:
  - name: Order
    owner: Sales
    steps:
      - name: Opens app
        score: 3
        thinking: [Hungry]
      - name: Pays
        score: 2
        pain_points: [Slow, {text: No invoice, status: planned}]
        touchpoints: [App]
"""


def indexes(tmp_path: Path, text: str) -> dict[str, bytes]:
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    folder.mkdir()
    (folder / "m.md").write_text(front(text), encoding="utf-8")
    book = load_handbook(folder, root=folder, as_of=dt.date(2026, 11, 23))
    assert book.errors == []
    inputs = PageInputs(book)
    # Each index page's digest, as its kind in the registry computes it.
    return {kind.name: page_inputs(inputs, PageSpec(kind.address(None), kind.name, None, kind.name))
            for kind in INDEX_KINDS}


@pytest.mark.parametrize(("old", "new", "changed"), [
    ("[Slow,", "[Slower,", {"backlog"}),                                  # an entry's text
    ("status: planned", "status: done", {"backlog"}),                     # an object's field
    ("- name: Pays", "- name: Checks out", {"backlog", "touchpoints"}),   # the step
    ("- name: Order", "- name: Buy", {"backlog", "touchpoints"}),         # the stage
    ("owner: Sales", "owner: Kitchen", {"backlog", "touchpoints"}),       # the stage's owner
    ("[App]", "[App, Kiosk]", {"touchpoints"}),
    ("[Hungry]", "[Very hungry]", set()),                                 # a lane neither shows
    ("- name: Opens app", "- name: Opens the app", set()),                # a step without them
])
def test_backlog_and_touchpoints_digests_follow_what_they_show(
        tmp_path: Path, old: str, new: str, changed: set[str]) -> None:
    assert MAP.count(old) == 1
    before, after = indexes(tmp_path, MAP), indexes(tmp_path, MAP.replace(old, new))
    assert {k for k in ("backlog", "touchpoints") if before[k] != after[k]} == changed
