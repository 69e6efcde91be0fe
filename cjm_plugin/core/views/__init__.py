"""What each page shows, computed from the handbook as plain data for templates.

Templates only lay the data out; every decision (which lanes a table has, whose
owner applies, how a diagram is made small) is made in one module per view, where it
is tested: :mod:`.grid` (a map's stage table), :mod:`.diagram` (its journey diagram),
:mod:`.comparison` (a current state beside its future state) and
:mod:`.review_groups` (the reviews page). This module names them together for the
page contexts and the templates' documentation (``views.StageTable``…).
"""

from __future__ import annotations

from .comparison import Answered, Comparison, OpenPain, StagePair, comparison, journey_average, stage_averages
from .diagram import MAX_DIAGRAM_CHARS, MAX_DIAGRAM_STEPS, DiagramPlan, diagram_plan
from .grid import (
                         FACE_MOUTHS,
                         FIT_STAGES,
                         GRID_MAX_AREA,
                         GRID_MAX_STAGES,
                         GridCell,
                         GridLine,
                         GridRowHead,
                         GridStage,
                         GridStep,
                         PersonaCurve,
                         StageTable,
                         StepValues,
                         lane_label,
                         stage_table,
)
from .review_groups import overdue_across_owners, review_counts, reviews_by_owner

__all__ = [
    "FACE_MOUTHS", "FIT_STAGES", "GRID_MAX_AREA", "GRID_MAX_STAGES", "MAX_DIAGRAM_CHARS",
    "MAX_DIAGRAM_STEPS", "Answered", "Comparison", "DiagramPlan", "GridCell", "GridLine",
    "GridRowHead", "GridStage", "GridStep", "OpenPain", "PersonaCurve", "StagePair",
    "StageTable", "StepValues", "comparison", "diagram_plan", "journey_average", "lane_label",
    "overdue_across_owners", "review_counts", "reviews_by_owner", "stage_averages",
    "stage_table",
]
