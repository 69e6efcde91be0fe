"""The loader's per-file cache (a preview session's, passed in): an edit is always seen; an
unchanged file is not re-parsed; without a cache (a build, `cjm check`) every file is."""

from __future__ import annotations

import os
from pathlib import Path

from cjm_plugin.core.publishing.session import SessionCache
from cjm_plugin.core.reading import loader
from cjm_plugin.core.reading.loader import load_handbook

PERSONA = "---\nname: Dina\n---\n\nAbout Dina.\n"
MAP = """\
---
title: {title}
type: current-state
persona: dina
updated: 2026-01-01
stages:
  - name: Awareness
    steps:
      - name: Searches
        score: 2
---

{body}
"""


def write(maps: Path, title: str = "First", body: str = "Body") -> Path:
    (maps / "personas").mkdir(parents=True, exist_ok=True)
    (maps / "personas" / "dina.md").write_text(PERSONA, encoding="utf-8")
    path = maps / "a.md"
    path.write_text(MAP.format(title=title, body=body), encoding="utf-8")
    return path


def test_an_edit_is_seen_even_with_the_same_size_and_mtime(tmp_path: Path) -> None:
    cache = SessionCache()
    path = write(tmp_path)
    first = load_handbook(tmp_path, root=tmp_path, cache=cache)
    assert first.maps["a"].title == "First"
    stat = path.stat()
    write(tmp_path, title="Fixed", body="Yoda")  # same length as before
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    second = load_handbook(tmp_path, root=tmp_path, cache=cache)
    assert second.maps["a"].title == "Fixed"
    assert second.maps["a"].body.strip() == "Yoda"


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    cache = SessionCache()
    write(tmp_path)
    load_handbook(tmp_path, root=tmp_path, cache=cache)
    parsed: list[str] = []
    real = loader.parse_text
    monkeypatch.setattr(loader, "parse_text", lambda text, shown: parsed.append(shown) or real(text, shown))
    again = load_handbook(tmp_path, root=tmp_path, cache=cache)
    assert parsed == [] and again.maps["a"].title == "First"
    (tmp_path / "a.md").write_text(MAP.format(title="Second", body="Body"), encoding="utf-8")
    assert load_handbook(tmp_path, root=tmp_path, cache=cache).maps["a"].title == "Second"
    assert parsed == ["a.md"]


def test_cross_file_problems_do_not_pile_up_across_loads(tmp_path: Path) -> None:
    cache = SessionCache()
    write(tmp_path)
    (tmp_path / "personas" / "dina.md").unlink()  # the map now names an unknown persona
    counts = [len(load_handbook(tmp_path, root=tmp_path, cache=cache).problems) for _ in range(3)]
    assert counts[0] >= 1 and counts == [counts[0]] * 3


def test_a_broken_file_stays_broken_until_fixed(tmp_path: Path) -> None:
    cache = SessionCache()
    path = write(tmp_path)
    path.write_text(MAP.format(title="First", body="x").replace("score: 2", "score: 9"), encoding="utf-8")
    for _ in range(2):
        book = load_handbook(tmp_path, root=tmp_path, cache=cache)
        assert "a" not in book.maps and any("score" in p.message for p in book.errors)
    write(tmp_path)
    assert "a" in load_handbook(tmp_path, root=tmp_path, cache=cache).maps


def test_without_a_cache_every_load_parses_every_file(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path)
    load_handbook(tmp_path, root=tmp_path)
    parsed: list[str] = []
    real = loader.parse_text
    monkeypatch.setattr(loader, "parse_text", lambda text, shown: parsed.append(shown) or real(text, shown))
    load_handbook(tmp_path, root=tmp_path)
    assert sorted(parsed) == ["a.md", "personas/dina.md"]
