"""Generated journey maps for the grid's tests: realistic text, any size."""

from __future__ import annotations

import json
from typing import Any

#: Step names of 30-60 characters, as teams write them.
STEP_NAMES = [
    "Searches Google for healthy office catering",
    "Reads three reviews on Google Maps before deciding",
    "Compares the price per meal with the office canteen",
    "Asks colleagues in the team chat who wants to join",
    "Opens the menu PDF on her phone during a meeting",
    "Fills in the company address and the delivery window",
    "Chooses between bank transfer and a company card",
    "Waits for the confirmation message on WhatsApp",
    "Receives the first lunch boxes at the office lobby",
    "Checks that every allergy note was respected",
    "Shares a photo of the lunch in the team channel",
    "Renews the subscription for the next month",
]
LANE_VALUES = {
    "thinking": ["Is this cheaper than ordering every day?", "Will the team like the taste?",
                 "Can I pay with the company card?"],
    "touchpoints": ["Google Maps listing", "Menu PDF", "WhatsApp business account"],
    "pain_points": ["Prices are only in a PDF that loads slowly on 4G",
                    "No invoice for the finance team", "Delivery window is not confirmed"],
    "opportunities": ["Show the price per meal on the menu page",
                      "Send the invoice with the confirmation"],
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def realistic_map(stages: int = 6, steps: int = 24, title: str = "Office lunch — realistic") -> str:
    """A map of ``stages`` stages sharing ``steps`` steps, each step with 2-3 values in
    each of four lanes, every stage with a description and stage-level metrics."""
    lines = ["---", f"title: {_q(title)}", "persona: dina", "status: published",
             "updated: 2026-11-01", "stages:"]
    per = [steps // stages + (1 if s < steps % stages else 0) for s in range(stages)]
    n = 0
    for s in range(stages):
        lines += [f"  - name: {_q(['Discover', 'Compare', 'Decide', 'Order', 'Receive', 'Return'][s % 6] + ('' if s < 6 else f' {s}'))}",
                  f"    description: {_q('What the office manager does and feels in this part of the journey')}",
                  f"    metrics: [{_q('Conversion from stage to stage')}, {_q('Time spent')}]",
                  "    steps:"]
        for _ in range(per[s]):
            name = f"{STEP_NAMES[n % len(STEP_NAMES)]} ({n + 1})"
            lines += [f"      - name: {_q(name)}", f"        score: {1 + (n * 3) % 5}"]
            for k, (lane, values) in enumerate(LANE_VALUES.items()):
                count = 2 + (n + k) % 2
                chosen = [values[(n + i) % len(values)] for i in range(count)]
                lines.append(f"        {lane}: [{', '.join(_q(v) for v in chosen)}]")
            n += 1
    return "\n".join(lines) + "\n---\n\nNotes about the map.\n"


def lanes_by_stages(lanes: int, stages: int) -> str:
    """A map declaring ``lanes`` custom lanes, each used once, over ``stages`` stages
    (lane i in stage i mod stages): the worst case of lanes x stages."""
    lines = ["---", "title: Many lanes and stages", "persona: dina", "status: published",
             "updated: 2026-11-01", "lanes:"]
    lines += [f"  lane_{i}: Lane {i}" for i in range(lanes)]
    lines.append("stages:")
    for s in range(stages):
        lines += [f"  - name: Stage {s}", "    steps:", f"      - name: Step {s}", "        score: 3"]
        lines += [f"        lane_{i}: Value {i} in stage {s}" for i in range(s, lanes, stages)]
    return "\n".join(lines) + "\n---\n"


def open_loaded(new_page: Any, base: str, url: str, *, print_media: bool = False, **options: Any) -> Any:
    """A page of the served site at ``url``, loaded and settled (no request pending);
    with ``print_media``, laid out as it prints."""
    page = new_page(base, **options)
    if print_media:
        page.emulate_media(media="print")
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    return page
