"""The insights page in Chromium: the heat map's numbers are readable on their cells in
both of Material's palettes (WCAG contrast of the printed number against the cell, at
least 4.5:1), and the page never scrolls sideways on a phone (390 px): its wide tables
scroll inside their own boxes."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

#: Each heat-map cell with a number: its text, its text colour and its background.
_CELLS_JS = """() => Array.from(document.querySelectorAll("table.cjm-heat-map td.cjm-heat:not(.cjm-heat--none)"))
  .map((td) => { const s = getComputedStyle(td);
    return { text: td.textContent.trim(), color: s.color, background: s.backgroundColor }; })"""


def _rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")
    r, g, b = (float(p) for p in parts[:3])
    assert len(parts) == 3 or float(parts[3]) == 1, f"{css}: not opaque"
    return r, g, b


def _luminance(css: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(scope="module")
def site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heat_map_numbers_are_readable_in_both_palettes(site: str, new_page: Any, scheme: str) -> None:
    page = new_page(site, viewport={"width": 1400, "height": 900}, color_scheme=scheme)
    page.goto("/insights/")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    cells = page.evaluate(_CELLS_JS)
    assert len(cells) > 10
    for cell in cells:
        assert cell["text"].replace(".", "").isdigit(), cell     # the number is printed
        ratio = contrast(cell["color"], cell["background"])
        assert ratio >= 4.5, f"{scheme}: {cell} has a contrast of {ratio:.2f}"
    # Five colours, one per level, the same in both palettes (the text says the number).
    assert len({c["background"] for c in cells}) == 5
    assert page.cjm_page_errors == [] and page.cjm_external_requests == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_insights_page_does_not_scroll_sideways_on_a_phone(site: str, new_page: Any, scheme: str) -> None:
    page = new_page(site, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page.goto("/insights/")
    page.wait_for_load_state("networkidle")
    width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= viewport, f"the page scrolls sideways ({width} > {viewport} px)"
    # The wide tables scroll in their own box, which a keyboard can reach.
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-scroll"))
      .map((e) => [e.scrollWidth > e.clientWidth, e.tabIndex])""")
    assert any(wide for wide, _ in boxes) and all(tab == 0 for _, tab in boxes)
    # Text stays readable (no table shrinks its numbers below 12 px).
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll(".cjm-heat-map td, .cjm-coverage td"))
      .map((e) => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12


def test_the_maps_list_is_read_as_cards_on_a_phone(site: str, new_page: Any) -> None:
    page = new_page(site, viewport={"width": 390, "height": 844})
    page.goto("/maps/")
    page.wait_for_load_state("networkidle")
    cells = page.evaluate("""() => Array.from(document.querySelectorAll("table.cjm-maps tbody td"))
      .map((td) => { const r = td.getBoundingClientRect();
        return {right: r.right, width: r.width, label: getComputedStyle(td, "::before").content}; })""")
    assert len(cells) >= 7
    # Every value is on screen, named by its column, a whole row wide: nothing to scroll to.
    assert all(cell["right"] <= 390 for cell in cells), cells
    assert all(cell["label"] not in ("none", "normal", "") for cell in cells), cells[:3]
    assert min(cell["width"] for cell in cells) > 250
