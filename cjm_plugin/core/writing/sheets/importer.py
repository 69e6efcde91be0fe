"""A workshop's table made into a map's front-matter, with a report of every guess.

The layout (the practitioners' guides draw a map this way): the first column names
each row; an optional row of stage names, each spanning its steps (merged cells, or a
name followed by empty cells); a row of steps (their names, or only "Langkah 1",
"Step 2"… when the action row names them); an optional score row; one row per lane.
Rows after a "Map details" row hold the map's fields (``title``, ``goal``…), one per
row, as ``cjm export`` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cjm_plugin.core.language.translate import _, _n
from cjm_plugin.core.model.lanes import RESERVED_KEYS, builtin_lanes
from cjm_plugin.core.model.model import MAP_TYPES, MAX_NAME_LENGTH
from cjm_plugin.core.publishing.addresses import slugify
from cjm_plugin.core.writing.sheets.cells import cell_name, read_score, split_items
from cjm_plugin.core.writing.sheets.matcher import (
    ACTION,
    ACTORS,
    BASIS,
    DETAILS,
    INDONESIAN_WORDS,
    NUMBERED,
    SCORE,
    SOURCE,
    STAGE,
    STAGE_DESCRIPTION,
    STEP,
    ZOOM,
    RowKind,
    fold,
    match_row,
    strip_whole_stage,
)
from cjm_plugin.core.writing.sheets.reader import Grid

#: A step's basis as a workshop may write it (the map keeps research or assumption;
#: another word is kept as written, and ``cjm check`` says which words it takes).
_BASIS_WORDS = {"research": "research", "riset": "research", "penelitian": "research",
                "assumption": "assumption", "asumsi": "assumption", "dugaan": "assumption"}

#: The score written where a sheet has none; ``cjm check`` warns until it is set.
PLACEHOLDER_SCORE = 3
#: Fields the map details may set, as the front-matter names them.
DETAIL_FIELDS = ("id", "title", "type", "persona", "personas", "goal", "owner", "status",
                 "updated", "review_every", "tags", "compares")
_LIST_FIELDS = ("personas", "tags")
_FORMULA = re.compile(r"^'+[=+\-@\t\r]")


@dataclass
class Imported:
    """A map read from a sheet: its front-matter, the steps whose score is a placeholder
    (stage index, step index), what was guessed and what could not be placed."""

    data: dict[str, Any]
    placeholder_scores: list[tuple[int, int]] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    indonesian: bool = False
    #: The id the sheet's details give (``cjm export`` writes the map's).
    ident: str | None = None
    #: Which cell each field came from (``stages[0].steps[1].opportunities`` ->
    #: ``file:Sheet1!C5``): a problem of the map made is said at its cell.
    cells: dict[str, str] = field(default_factory=dict)

    def cell_of(self, field_path: str) -> str | None:
        """The cell a field (or the nearest field holding it) came from, or None."""
        path = field_path
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path[:max(path.rfind("."), path.rfind("["), 0)]
        return None


@dataclass
class _Row:
    index: int
    label: str
    cells: list[str]  # the cells right of the label, one per column of the table
    kind: RowKind | None  # None: no label


def import_grid(grid: Grid, *, title: str | None = None, map_type: str | None = None,
                persona: str | None = None, default_title: str = "Imported map",
                stage_name: str | None = None) -> Imported:
    """The map in ``grid``; options given on the command line win over the sheet's details.
    Raises :class:`~.reader.SheetError` (located at a cell) for what cannot be a map."""
    rows = _cleaned_rows(grid)
    label_col = _label_column(grid, rows)
    out = Imported({})

    table, details_at = _split_details(grid, rows, label_col)
    details, declared, lane_labels = _details(grid, rows, details_at, label_col, out)
    width = max((len(r) for r in rows), default=0) - label_col - 1
    parsed = _parse_rows(rows, table, label_col, width, declared)
    out.indonesian = _labels_in_indonesian(parsed)
    _take_title_rows(parsed, details, out)

    heads = _find_heads(grid, parsed, label_col, out)
    _name_heads(heads, out)
    columns = [c for c in range(width) if any(
        p.cells[c].strip() for p in (heads.stages_from, heads.name_row) if p is not None)]
    if not columns:
        raise grid.error(heads.name_row.index, label_col + 1, _(
            "the row of steps is empty; write each step's name in its own column"))
    used = heads.used()
    lane_rows = [p for p in parsed if id(p) not in used and p.kind is not None]
    table_ = _Table(grid, label_col, out, columns[-1], width)
    table_.spans = _spans(table_, heads.stages_from, heads.name_row, stage_name)
    table_.steps(heads.stages_from, heads.name_row, lane_rows)
    score_row = next((p for p in lane_rows if p.kind and p.kind.role == SCORE), None)
    table_.scores(score_row)
    map_type = table_.lanes(lane_rows, score_row, map_type or details.get("type"), lane_labels)

    out.data = _front_matter(details, table_.stages, lane_labels, title=title or details.get("title")
                             or default_title, map_type=map_type, persona=persona)
    if map_type is None:
        out.guesses.append(_("type: current-state, as the sheet does not say otherwise; "
                             "--type changes it"))
    out.ident = details.get("id")
    out.guesses.sort(key=_row_number)
    grid.raise_noted()
    return out


def _cleaned_rows(grid: Grid) -> list[list[str]]:
    """The grid's rows with blank cells empty (and, in a CSV, the apostrophe that kept a
    cell as text taken off, in the grid too)."""
    if grid.sheet is None:  # a CSV: a cell kept as text by a leading apostrophe
        grid.rows = [[c[1:] if _FORMULA.match(c) else c for c in row] for row in grid.rows]
    return [[c if c.strip() else "" for c in row] for row in grid.rows]  # blank is empty


def _label_column(grid: Grid, rows: list[list[str]]) -> int:
    """The column of the rows' labels: the leftmost that any row starts in."""
    label_col = min((next(i for i, c in enumerate(row) if c.strip()) for row in rows
                     if any(c.strip() for c in row)), default=None)
    if label_col is None:
        raise grid.error(None, None, _("the sheet is empty; fill in the map's table first"))
    return label_col


def _parse_rows(rows: list[list[str]], table: list[int], label_col: int, width: int,
                declared: dict[str, str]) -> list[_Row]:
    """The table's rows: each one's label, its cells (``width`` of them) and what it is."""
    parsed: list[_Row] = []
    for r in table:
        label = rows[r][label_col].strip() if label_col < len(rows[r]) else ""
        cells = [rows[r][c] if c < len(rows[r]) else "" for c in range(label_col + 1, label_col + 1 + width)]
        parsed.append(_Row(r, label, cells, match_row(label, declared) if label else None))
    return parsed


def _labels_in_indonesian(parsed: list[_Row]) -> bool:
    """Whether most labels have an Indonesian word (the report is then in Indonesian)."""
    return sum(any(w in fold(p.label) + " " for w in INDONESIAN_WORDS) for p in parsed) * 2 \
        > len([p for p in parsed if p.label])


def _take_title_rows(parsed: list[_Row], details: dict[str, Any], out: Imported) -> None:
    """Title: a row at the top with a label and nothing else that names no known row."""
    while parsed and not any(c.strip() for c in parsed[0].cells) and parsed[0].kind and \
            not parsed[0].kind.known:
        details.setdefault("title", parsed[0].label)
        out.guesses.append(_("row {row} '{label}' → the map's title", row=parsed[0].index + 1,
                             label=_short(parsed[0].label)))
        parsed.pop(0)


@dataclass
class _Heads:
    """The rows that name the stages and steps: as labelled (or guessed), then which
    row gives the stages' names (``stages_from``) and which the steps' (``name_row``)."""

    stage_row: _Row | None
    step_row: _Row | None
    action_row: _Row | None
    stages_from: _Row | None
    name_row: _Row

    def used(self) -> set[int]:
        """The rows read as names, not lanes (by ``id``)."""
        return {id(p) for p in (self.stages_from, self.name_row,
                                self.step_row if self.name_row is self.action_row else None) if p}


def _find_heads(grid: Grid, parsed: list[_Row], label_col: int, out: Imported) -> _Heads:
    """The rows of stages, steps and actions, by their labels; rows without a label are
    the steps (and the stages, right above) when no row is labelled so."""
    stage_row = next((p for p in parsed if p.kind and p.kind.role == STAGE), None)
    step_row = next((p for p in parsed if p.kind and p.kind.role == STEP), None)
    action_row = next((p for p in parsed if p.kind and p.kind.role == ACTION), None)
    unlabelled = [p for p in parsed if p.kind is None and any(c.strip() for c in p.cells)]
    if step_row is None and unlabelled:
        if stage_row is None and len(unlabelled) >= 2 and unlabelled[1].index == unlabelled[0].index + 1:
            stage_row = unlabelled.pop(0)
            out.guesses.append(_("row {row} (no label) → the stages", row=stage_row.index + 1))
        step_row = unlabelled.pop(0)
    elif step_row is not None and stage_row is None and unlabelled:
        above = parsed[parsed.index(step_row) - 1] if parsed.index(step_row) else None
        if above is not None and above in unlabelled:  # stage names right above "Langkah"
            stage_row = above
            unlabelled.remove(above)
            out.guesses.append(_("row {row} (no label) → the stages", row=stage_row.index + 1))
    for p in unlabelled:
        out.unplaced.append(_("row {row} has no label in {cell}; it was left out (write what the "
                              "row is in its first cell)", row=p.index + 1,
                              cell=cell_name(p.index, label_col)))
    header = step_row or action_row
    if header is None:
        raise grid.error(parsed[0].index if parsed else 0, label_col,
                         _("no row of steps: the map's table needs a row naming its steps "
                           "('Langkah' / 'Step', or the action row 'Apa tindakan pelanggan?' / "
                           "'Action'), one column per step"))
    return _Heads(stage_row, step_row, action_row, stages_from=stage_row, name_row=header)


def _name_heads(heads: _Heads, out: Imported) -> None:
    """Which row names the stages and which the steps, when both a row of steps and an
    action row are there (a row that only numbers the steps names nothing)."""
    step_row, action_row = heads.step_row, heads.action_row
    numbered = step_row is not None and any(c.strip() for c in step_row.cells) and all(
        NUMBERED.match(c) for c in step_row.cells if c.strip())
    if step_row is not None and action_row is not None:
        if numbered:
            heads.name_row = action_row
            out.guesses.append(_("row {row} only numbers the steps; their names come from row "
                                 "{action_row} '{label}'", row=step_row.index + 1,
                                 action_row=action_row.index + 1, label=_short(action_row.label)))
        elif heads.stage_row is None:
            heads.stages_from, heads.name_row = step_row, action_row
            out.guesses.append(_("row {row} → the stages (one column each); row {action_row} "
                                 "'{label}' → the steps", row=step_row.index + 1,
                                 action_row=action_row.index + 1, label=_short(action_row.label)))
        else:
            action_row.kind = RowKind("lane", None, how=_("a second row of steps"), known=False)
    elif numbered and step_row is not None:
        out.unplaced.append(_("row {row} only numbers the steps and no row "
                              "'Apa tindakan pelanggan?' (or 'Action') names them: the numbers "
                              "are their names; rename them in the map", row=step_row.index + 1))
    for special in (heads.stage_row, step_row, action_row):
        if special is not None and special.label and special.kind and special.kind.role != "lane":
            role = (_("the stages") if special is heads.stages_from else _("the steps' names")
                    if special is heads.name_row else _("numbers of the steps"))
            out.guesses.append(_("row {row} '{label}' → {target}", row=special.index + 1,
                                 label=_short(special.label), target=role))


def _front_matter(details: dict[str, Any], stages: list[dict[str, Any]],
                  lane_labels: dict[str, str], *, title: str, map_type: str | None,
                  persona: str | None) -> dict[str, Any]:
    """The map's front-matter in the order a writer reads it: the sheet's details, then
    what the command line gives, the lanes and the stages."""
    data: dict[str, Any] = {}
    for key in DETAIL_FIELDS:
        if key in details:
            data[key] = details[key]
    data.pop("id", None)
    data["title"] = title
    data["type"] = map_type or "current-state"
    if persona:
        data.pop("personas", None)
        data["persona"] = persona
    if lane_labels:
        data["lanes"] = lane_labels
    data["stages"] = stages
    order = ["title", "type", "persona", "personas", *DETAIL_FIELDS, "lanes", "stages"]
    return {k: data[k] for k in dict.fromkeys(order) if k in data}


def _row_number(line: str) -> int:
    """Report lines in the sheet's order: 'row 4 …' ('baris 4 …') by its number, the
    others last."""
    match = re.match(r"\w+ (\d+)\b", line)
    return int(match.group(1)) if match else 1_000_000



@dataclass
class _Table:
    """The map being read from the table's columns: each stage's columns (``spans``),
    the stages made so far, and which column is which step."""

    grid: Grid
    label_col: int
    out: Imported
    last: int  # the last column of a step
    width: int
    spans: list[tuple[str, list[int]]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    step_at: dict[int, tuple[int, int]] = field(default_factory=dict)  # column -> (stage, step)

    def col(self, c: int) -> int:
        """The sheet's column of the table's column ``c``."""
        return self.label_col + 1 + c

    def steps(self, stages_from: _Row | None, name_row: _Row, lane_rows: list[_Row]) -> None:
        """A stage per span, a step per named column; an unnamed column with entries is
        an error, an empty one is a stage without that step."""
        for si, (name, cols) in enumerate(self.spans):
            _check_name(self.grid, (stages_from or name_row).index, self.col(cols[0]), name)
            stage: dict[str, Any] = {"name": name, "steps": []}
            for c in cols:
                step_name = name_row.cells[c].strip()
                if not step_name:
                    if any(p.cells[c].strip() for p in lane_rows if p.kind and not p.kind.whole_stage
                           and p.kind.role != STAGE_DESCRIPTION):
                        raise self.grid.error(name_row.index, self.col(c),
                                              _("this column has entries but no step: write "
                                                "the step's name here"))
                    continue
                _check_name(self.grid, name_row.index, self.col(c), step_name)
                self.step_at[c] = (si, len(stage["steps"]))
                stage["steps"].append({"name": step_name})
            self.stages.append(stage)

    def scores(self, score_row: _Row | None) -> None:
        """Each step's score, or a placeholder where the sheet has none."""
        out = self.out
        for c, (si, ti) in self.step_at.items():
            step = self.stages[si]["steps"][ti]
            text = score_row.cells[c].strip() if score_row else ""
            if score_row is None or not text:
                step["score"] = PLACEHOLDER_SCORE
                out.placeholder_scores.append((si, ti))
            else:
                score = _score(self.grid, score_row.index, self.col(c), text)
                step["score"] = PLACEHOLDER_SCORE if score is None else score
                out.cells[f"stages[{si}].steps[{ti}].score"] = self.grid.where(score_row.index, self.col(c))
        if score_row is None:
            out.guesses.append(_("no score row → every score is a placeholder for you to set "
                                 "(cjm check warns until you do)"))
        else:
            out.guesses.append(_("row {row} '{label}' → the scores", row=score_row.index + 1,
                                 label=_short(score_row.label)))
            if out.placeholder_scores:
                out.guesses.append(_n("{count} step without a score → a placeholder for you to set "
                                      "(cjm check warns until you do)",
                                      "{count} steps without a score → a placeholder for you to set "
                                      "(cjm check warns until you do)", len(out.placeholder_scores)))

    def lanes(self, lane_rows: list[_Row], score_row: _Row | None, map_type: str | None,
              lane_labels: dict[str, str]) -> str | None:
        """Fill in every other row; custom lanes are added to ``lane_labels``. Returns
        the map's type, guessed from a service-blueprint or future-state lane if unset."""
        out = self.out
        taken = set(lane_labels)
        for p in lane_rows:
            kind = p.kind
            assert kind is not None
            if p is score_row:
                continue
            if kind.role in (STAGE, STEP, ACTION, SCORE, DETAILS):
                out.unplaced.append(_("row {row} '{label}' repeats a row already read; it was left "
                                      "out", row=p.index + 1, label=_short(p.label)))
                continue
            key = kind.key
            if kind.role == "lane" and key is None:  # the same label on steps and stages: one lane
                label = strip_whole_stage(p.label)
                key = next((k for k, v in lane_labels.items() if fold(v) == fold(label)), None) \
                    or _custom_key(label, taken)
            if kind.role == "lane" and key is not None and key not in lane_labels and (
                    not kind.known or key not in builtin_lanes(map_type or "current-state")):
                for other in ("service-blueprint", "future-state"):
                    if kind.known and map_type is None and key in builtin_lanes(other):
                        map_type = other
                        out.guesses.append(_("row {row} '{label}' is a lane of {type} maps → type: "
                                             "{type}", row=p.index + 1, label=_short(p.label),
                                             type=other))
                if not kind.known or key not in builtin_lanes(map_type or "current-state"):
                    lane_labels[key] = strip_whole_stage(p.label)
                    taken.add(key)
            placed = _fill(p, kind, key, self.spans, self.step_at, self.stages, self.grid, self.col,
                           self.out.cells)
            target = _("the stage descriptions") if kind.role == STAGE_DESCRIPTION else \
                _("the steps' actors") if kind.role == ACTORS else _("the steps' zoom") \
                if kind.role == ZOOM else _("the steps' basis") if kind.role == BASIS else \
                _("the steps' sources") if kind.role == SOURCE else (_("{key} (whole stage)", key=key) if kind.whole_stage
                                           else str(key))
            how = "" if kind.how in ("recognised", "a custom lane of the map") else f" ({kind.how})"
            if not kind.known and kind.how == "not recognised":
                how = _(" (not recognised: a custom lane with this label)")
            out.guesses.append(_("row {row} '{label}' → {target}", row=p.index + 1,
                                 label=_short(p.label), target=f"{target}{how}")
                               + ("" if placed else _(", empty")))
            for c in range(self.last + 1, self.width):
                if p.cells[c].strip():
                    out.unplaced.append(_("{cell}: '{text}' is right of the last step; it was left "
                                          "out", cell=cell_name(p.index, self.col(c)),
                                          text=_short(p.cells[c])))
        return map_type


def _spans(table: _Table, stages_from: _Row | None, name_row: _Row,
           stage_name: str | None) -> list[tuple[str, list[int]]]:
    """Each stage's name and columns: a stage cell starts one and spans the empty cells
    after it (a merged cell reads as a name followed by empty cells)."""
    spans: list[tuple[str, list[int]]] = []
    if stages_from is None:
        name = stage_name or ("Perjalanan" if table.out.indonesian else "Journey")
        table.out.guesses.append(_("no row of stages → all steps in one stage '{name}' (rename it, "
                                   "or add a row 'Tahap' / 'Stage' above the steps)", name=name))
        return [(name, list(range(table.last + 1)))]
    for c in range(table.last + 1):
        text = stages_from.cells[c].strip()
        if text:
            spans.append((text, [c]))
        elif spans:
            spans[-1][1].append(c)
        elif name_row.cells[c].strip():
            raise table.grid.error(stages_from.index, table.col(c),
                                   _("this step has no stage: write the stage's name above it "
                                     "(or merge the stage's cell over its steps)"))
    return spans

def _split_details(grid: Grid, rows: list[list[str]], label_col: int) -> tuple[list[int], int | None]:
    table: list[int] = []
    for r, row in enumerate(rows):
        label = row[label_col].strip() if label_col < len(row) else ""
        if not any(c.strip() for c in row):
            continue
        if label and match_row(label).role == DETAILS and not any(
                c.strip() for c in row[label_col + 1:]):
            return table, r
        table.append(r)
    return table, None


def _details(grid: Grid, rows: list[list[str]], start: int | None, label_col: int,
             out: Imported) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The map's fields after the "Map details" row: ``key | value``; a custom lane
    is ``lanes.<key> | its label``. Returns the fields, each custom lane's folded
    label -> its key, and the custom lanes (key -> label)."""
    details: dict[str, Any] = {}
    declared: dict[str, str] = {}
    labels: dict[str, str] = {}
    if start is None:
        return details, declared, labels
    for r in range(start + 1, len(rows)):
        row = rows[r]
        key = row[label_col].strip() if label_col < len(row) else ""
        value = row[label_col + 1].strip() if label_col + 1 < len(row) else ""
        if not key and not value:
            continue
        if key.startswith("lanes.") and len(key) > 6 and value:
            declared[fold(value)] = key[6:]
            labels[key[6:]] = value
        elif key in DETAIL_FIELDS and value:
            if key in _LIST_FIELDS:
                details[key] = [str(v) for v in split_items(value)]
            elif key == "review_every" and value.isdigit():
                details[key] = int(value)
            elif key == "type" and value not in MAP_TYPES:
                raise grid.error(r, label_col + 1, _("'{value}' is not a map type; write one of: "
                                                     "{types}", value=value, types=", ".join(MAP_TYPES)))
            else:
                details[key] = value
        elif value:
            out.unplaced.append(_("{cell}: '{key}' is not a field of a map; it was left out",
                                  cell=cell_name(r, label_col), key=_short(key)))
    return details, declared, labels


def _fill(p: _Row, kind: RowKind, key: str | None, spans: list[tuple[str, list[int]]],
          step_at: dict[int, tuple[int, int]], stages: list[dict[str, Any]], grid: Grid,
          grid_col: Callable[[int], int], cells: dict[str, str]) -> bool:
    """Put the row's cells on the stages (a description, a whole-stage lane) or on the
    steps; False when the row is empty. ``grid_col`` gives a table column's place in
    the sheet (a cell's mistake is noted there); ``cells`` records where each field
    came from."""
    placed = False
    if kind.role == STAGE_DESCRIPTION or kind.whole_stage:
        for si, (_, cols) in enumerate(spans):
            texts = [p.cells[c] for c in cols if p.cells[c].strip()]
            if not texts:
                continue
            placed = True
            first = next(c for c in cols if p.cells[c].strip())
            cells.setdefault(f"stages[{si}].{'description' if kind.role == STAGE_DESCRIPTION else key}",
                             grid.where(p.index, grid_col(first)))
            if kind.role == STAGE_DESCRIPTION:
                stages[si]["description"] = "\n".join(t.strip() for t in texts)
            else:
                items = [i for c in cols if p.cells[c].strip()
                         for i in _items(grid, p.index, grid_col(c), p.cells[c])]
                stages[si].setdefault(str(key), []).extend(items)
        return placed
    for c, (si, ti) in step_at.items():
        text = p.cells[c]
        if not text.strip():
            continue
        placed = True
        step = stages[si]["steps"][ti]
        name = {ZOOM: "zoom", ACTORS: "actors", BASIS: "basis", SOURCE: "source"}.get(kind.role, str(key))
        where = grid.where(p.index, grid_col(c))
        cells.setdefault(f"stages[{si}].steps[{ti}].{name}", where)
        first = _count(step.get(name))
        if kind.role == ZOOM:
            step["zoom"] = text.strip()
        elif kind.role == ACTORS:
            step["actors"] = [str(i) for i in _items(grid, p.index, grid_col(c), text)]
        elif kind.role == BASIS:
            word = fold(text)
            step["basis"] = _BASIS_WORDS.get(word, text.strip())
        elif kind.role == SOURCE:
            step["source"] = text.strip()
        else:
            step.setdefault(str(key), []).extend(_items(grid, p.index, grid_col(c), text))
        # A lane may come from two rows: each entry is said at its own row's cell.
        for index in range(first, _count(step.get(name))):
            cells[f"stages[{si}].steps[{ti}].{name}[{index}]"] = where
    return placed


def _count(entries: Any) -> int:
    """How many entries a lane holds (0 for a text or nothing)."""
    return len(entries) if isinstance(entries, list) else 0


def _score(grid: Grid, row: int, col: int, text: str) -> int | dict[str, int] | None:
    """The cell's score, or None when it is not one (noted on the grid: every bad cell
    of the sheet is said at once)."""
    score = read_score(text)
    if score is None:
        grid.note(row, col, _("'{text}' is not a score: write 1 (very negative) "
                              "to 5 (very positive), a face such as 🙂, a word such as "
                              "'Negatif', or leave it empty to set it later", text=_short(text)))
        return None
    for value in ([score] if isinstance(score, int) else score.values()):
        if not 1 <= value <= 5:
            grid.note(row, col, _("the score {value} is not between 1 (very negative) "
                                  "and 5 (very positive)", value=value))
            return None
    return score


def _items(grid: Grid, row: int, col: int, text: str) -> list[Any]:
    """A cell's entries (``cells.split_items``); a line that starts with ``{`` but is not
    whole JSON is noted at its cell rather than taken as text."""
    def broken(line: str, at: int) -> None:
        grid.note(row, col, _("the line '{line}' starts with '{{', so it is read as an entry "
                              "written as JSON (as cjm export writes a tracked item), but it is "
                              "not whole JSON at character {at}: check its quotes, commas and "
                              "the closing '}}', or remove the '{{' to keep it as plain text",
                              line=_short(line), at=at))
    return split_items(text, broken)


def _check_name(grid: Grid, row: int, col: int, name: str) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise grid.error(row, col, _("a name of {count} characters; a stage's or step's "
                                     "name has at most {most}: put the rest in a lane",
                                     count=len(name), most=MAX_NAME_LENGTH))


def _custom_key(label: str, taken: set[str]) -> str:
    """A custom lane's key made from its label: 'Apa prioritas utama pelanggan?' ->
    'apa_prioritas_utama_pelanggan' (ASCII words, at most 40 characters)."""
    words = slugify(label).replace("-", "_").strip("_")
    key = words[:40].rstrip("_") or "lane"
    if key[0].isdigit():
        key = "lane_" + key
    candidate, n = key, 2
    while candidate in taken or candidate in RESERVED_KEYS or candidate in builtin_lanes(
            "service-blueprint") or candidate in builtin_lanes("future-state"):
        candidate, n = f"{key}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
