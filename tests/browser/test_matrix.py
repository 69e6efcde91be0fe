"""The prioritisation matrix of the example handbook in Chromium, measured: every point
drawn apart from the others and inside the plot (the example has two items with the same
scores), its text on hover, its link to the step; the matrix and its list fit a phone's
width without sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

_POINTS_JS = """(sel) => {
  const fig = document.querySelector(sel);
  const frame = fig.querySelector(".cjm-matrix__frame").getBoundingClientRect();
  const points = Array.from(fig.querySelectorAll("a.cjm-matrix__point")).map((a) => {
    const r = a.querySelector("circle").getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, r: r.width / 2,
             title: a.querySelector("title").textContent, href: a.getAttribute("xlink:href"),
             number: a.querySelector("text").textContent };
  });
  return { points, frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom } };
}"""


@pytest.fixture(scope="module")
def site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


@pytest.mark.parametrize("url", ["/backlog/", "/insights/"])
@pytest.mark.parametrize("width", [1400, 390])
def test_matrix_points_are_apart_inside_the_plot_and_say_their_text(new_page: Any, site: str,
                                                                    url: str, width: int) -> None:
    page = new_page(site, viewport={"width": width, "height": 900})
    page.goto(url)
    data = page.evaluate(_POINTS_JS, "figure.cjm-matrix")
    points, frame = data["points"], data["frame"]
    assert len(points) >= 8
    for i, a in enumerate(points):
        assert frame["left"] < a["x"] < frame["right"] and frame["top"] < a["y"] < frame["bottom"]
        assert a["title"].startswith(f"{a['number']}. ")
        for b in points[i + 1:]:
            gap = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** .5
            assert gap >= a["r"] + b["r"], (a["title"], b["title"])
    # Each number is in the list beside the matrix, with the same text.
    listed = page.eval_on_selector_all("figure.cjm-matrix .cjm-matrix__list li",
                                       "(lis) => lis.map((li) => [li.value, li.querySelector('a').textContent])")
    assert sorted(int(p["number"]) for p in points) == [n for n, _ in listed]
    for n, text in listed:
        assert next(p for p in points if int(p["number"]) == n)["title"].startswith(f"{n}. {text} (")
    # Nothing on the page scrolls sideways, on a phone neither.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("""() => { const f = document.querySelector("figure.cjm-matrix");
      return f.scrollWidth <= f.clientWidth + 1; }""")
    assert page.cjm_page_errors == []


def test_a_point_leads_to_its_step(new_page: Any, site: str) -> None:
    page = new_page(site, viewport={"width": 1400, "height": 900})
    page.goto("/backlog/")
    point = page.locator("figure.cjm-matrix a.cjm-matrix__point").first
    href = point.get_attribute("xlink:href")
    assert "#cjm-step-" in href
    point.click()
    page.wait_for_url("**/maps/**")
    anchor = href.split("#", 1)[1]
    step = page.locator(f"#{anchor}")
    assert step.count() == 1 and step.is_visible()
    # The step's text is the one the point's title names.
    name = step.locator(".cjm-step__name").evaluate("(el) => el.firstChild.textContent.trim()")
    assert point_title(page, href).endswith(f" · {name}")


def point_title(page: Any, href: str) -> str:
    page.go_back()
    return page.locator(f"figure.cjm-matrix a.cjm-matrix__point[*|href='{href}'] title").first.text_content()
