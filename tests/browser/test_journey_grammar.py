"""The Mermaid text of ``cjm_plugin.core.views.mermaid`` rendered by Material's own loader.

One real ``mkdocs build`` (Material, the cjm plugin) of a small project whose pages hold
the diagrams to check as ``<pre class="mermaid"><code>`` blocks: the markup cjm's
``partials/journey_diagram.html`` writes, escaped as Jinja's autoescape does it (the
fixture checks that Markdown left each block as written).  In Chromium, Material's bundle
(``assets/javascripts/bundle.*.js``) finds the global ``mermaid`` that cjm's
``assets/diagrams.js`` defines, calls ``mermaid.initialize`` once with its own
``themeCSS``, renders each block with ``mermaid.render("__mermaid_<n>", pre.textContent)``
and puts the SVG into a *closed* shadow root of a new ``div.mermaid`` (the harness opens
it, see ``conftest.py``); the stand-in imports the site's Mermaid ESM build.  Nothing in
this module imitates Material.

Hypothesis examples are rendered on one open page: each is put into the article and
Material's ``document$`` is told that the document changed, which is what Material's
instant navigation does after it swapped a page in; Material then mounts the new block
like any other.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from cjm_plugin.core.views.mermaid import JourneySection, JourneyTask, clean_label, journey_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import Build, make_project, run_build, settled  # noqa: E402

#: One build for the module: its tests stay on one xdist worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("journey-grammar")]

#: Elements or event-handler attributes that no journey SVG has unless data became markup.
ELEMENTS_FROM_DATA_JS = """
() => Array.from(document.querySelectorAll("div.mermaid")).flatMap((host) =>
  Array.from(host.shadowRoot.querySelectorAll("*"))
    .filter((el) => /^(script|img|image|iframe|object|embed|a|b|br)$/i.test(el.localName)
      || Array.from(el.attributes).some((a) => /^on/i.test(a.name)))
    .map((el) => el.outerHTML.slice(0, 120)))
"""

XSS_FLAG = "__cjm_pwned"
PAYLOADS = [
    f"<script>window.{XSS_FLAG}=1</script>",
    f"<img src=x onerror=\"window.{XSS_FLAG}=2\">",
    f"<svg onload=window.{XSS_FLAG}=3>",
    f"<iframe src=\"javascript:parent.{XSS_FLAG}=4\"></iframe>",
    f"\"><script>window.{XSS_FLAG}=5</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
]


def norm(text: str) -> str:
    return " ".join(text.split())


def diagram(title: str, *sections: tuple[str, list[tuple[str, int, tuple[str, ...]]]]) -> dict[str, Any]:
    spec = {"title": title, "sections": [(name, list(tasks)) for name, tasks in sections]}
    spec["source"] = source_of(spec)
    return spec


def source_of(spec: dict[str, Any]) -> str:
    return journey_source(
        spec["title"],
        [
            JourneySection(name, tuple(JourneyTask(t, s, tuple(a)) for t, s, a in tasks))
            for name, tasks in spec["sections"]
        ],
    )


def labels_of(spec: dict[str, Any]) -> list[str]:
    out = [spec["title"]]
    for name, tasks in spec["sections"]:
        if tasks:
            out.append(name)
        for task, _score, actors in tasks:
            out.append(task)
            out.extend(actors)
    return out


def missing_labels(spec: dict[str, Any], texts: list[str]) -> list[str]:
    shown = norm(" ".join(texts))
    return [label for label in labels_of(spec) if norm(clean_label(label)) not in shown]


def mermaid_block(source: str) -> str:
    """The block as cjm's ``journey_diagram.html`` writes it (autoescaped, no white space)."""
    return f'<pre class="mermaid"><code>{escape(source)}</code></pre>'


SPECIALS = [":", ";", "#", "%%", "%", ",", "&", "<", ">", "&amp;", "&#58;", "#58;", "#x41;",
            "\u00b6\u00df", "\ufb02\u00b0\u00b0", "\ufb02\u00b0", "{", "}", "`", "\\", "'", '"', "="]
LONG = ("Pelanggan membandingkan harga, menu dan ulasan: " * 12)[:500]
assert len(LONG) == 500

HOSTILE = [
    diagram(
        f"Title {' '.join(SPECIALS)}",
        (f"Stage {' '.join(SPECIALS)}", [(f"Task {' '.join(SPECIALS)}", 3, (f"Actor {' '.join(SPECIALS)}", "Budi, Jr."))]),
    ),
    *[
        diagram(f"t{ch}x", (f"s{ch}x", [(f"{ch}task{ch}", 4, (f"a{ch}b", "plain"))]))
        for ch in SPECIALS
    ],
    diagram(
        "section keyword",
        ("section one", [("section two", 2, ("section",))]),
        ("title three", [("title four", 1, ("title",)), ("TITLE upper", 5, ())]),
        ("journey", [("journey five", 3, ()), ("accTitle: six", 3, ()), ("accDescr { seven", 3, ())]),
        ("Section", [("SECTION", 3, ())]),
    ),
    diagram(
        "%% comment %%{init: {}}%%",
        ("%% s", [("%% t", 3, ("%%a",)), ("a %% b", 3, ()), ("%{", 3, ())]),
    ),
    diagram(
        PAYLOADS[0],
        (PAYLOADS[1], [(p, 1, (p,)) for p in PAYLOADS]),
    ),
    diagram(
        "<br> line<br/>break <b>bold</b>",
        ("<br>", [("one<br>two", 3, ("<br/>",)), ("a\nb\r\nc\td", 3, ("x\ny",))]),
    ),
    diagram(
        "\"double\" 'single' `back` {{ x }} {% raw %}",
        ("{{ page.title }}", [("it's \"quoted\" `code`", 4, ("O'Brien",))]),
    ),
    diagram(
        "Emoji 😀 👩‍👩‍👧 🇮🇩 ❤️",
        ("✨ stage", [("😡 angry → 😊 happy", 5, ("👩‍💻",))]),
    ),
    diagram(
        "Perjalanan pelanggan katering sehat",
        ("Kesadaran", [("Mencari katering sehat di Google", 2, ("Dina", "Budi Santoso"))]),
    ),
    diagram(
        "رحلة العميل: الطلب",
        ("الوعي", [("يبحث عن طعام صحي، بسرعة؛ الآن", 3, ("دينا",))]),
    ),
    diagram(
        "顧客ジャーニー：注文",
        ("认知阶段", [("在谷歌上搜索健康餐饮，比较价格；阅读评论", 4, ("小明", "김민수"))]),
    ),
    diagram(LONG, (LONG, [(LONG, 3, (LONG, "x" * 120, "長" * 60))])),
    diagram(
        "   spaced   title   ",
        ("   ", [("   ", 3, ("   ",)), ("\t\n", 2, ()), ("\u00a0\u00a0", 4, ())]),
        ("  lead", [("trail   ", 3, ("  both  ",))]),
    ),
    diagram("\u200b\u200d\ufeff\u200f", ("\u200e", [("\u2028x\u2029y\u0085z\x00\x07", 3, ("\x1f",))])),
]


#: A plain Material site with the cjm plugin (which adds ``assets/cjm/diagrams.js``) and
#: the example handbook's two palettes; no font or other request leaves the site.
SITE_YML = """\
site_name: Journey grammar
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - scheme: slate
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
plugins:
  - cjm
"""

PALETTE = diagram("Healthy catering", ("Awareness", [("Searches Google", 2, ("dina", "budi"))]))
#: Mermaid keeps a journey's actors in a plain object: `__proto__` once vanished.
OBJECT_KEYS = diagram("Keys", ("S", [("Task", 3, ("__proto__", "constructor", "toString",
                                                   "hasOwnProperty", "valueOf"))]))
#: Each page of the site: the diagrams it holds, in order.
PAGES: dict[str, list[dict[str, Any]]] = {"hostile": HOSTILE, "palette": [PALETTE], "keys": [OBJECT_KEYS]}
PROBE = "cjm-probe"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    """One build for the module, served: its base URL."""
    files = {f"docs/{name}.md": f"# {name}\n\n" + "\n\n".join(mermaid_block(s["source"]) for s in specs) + "\n"
             for name, specs in PAGES.items()}
    files["docs/probe.md"] = f'# Probe\n\n<div id="{PROBE}"></div>\n'
    project = make_project(tmp_path_factory.mktemp("grammar"), {}, yml=SITE_YML)
    for rel, text in files.items():  # not dedented: the blocks are written as they are
        (project / rel).write_text(text, encoding="utf-8")
    build: Build = run_build(project)
    assert build.returncode == 0, build.log
    for name, specs in PAGES.items():
        html = build.page(f"{name}/")
        assert "assets/cjm/diagrams.js" in html
        for spec in specs:
            assert mermaid_block(spec["source"]) in html, (name, spec["title"][:60])
    return serve_dir(build.site)


def test_hostile_labels_render_whole(site, new_page, mermaid_svgs, mermaid_syntax_error):
    page = new_page(site)
    page.goto("/hostile/")
    svgs = mermaid_svgs(page, expected=len(HOSTILE), timeout=30000)

    assert not mermaid_syntax_error(page)
    assert len(svgs) == len(HOSTILE)
    problems = []
    for number, (spec, svg) in enumerate(zip(HOSTILE, svgs, strict=True)):
        assert svg["shadow"]
        assert f' id="__mermaid_{number}"' in svg["svg"].split(">", 1)[0]  # Material's ids, in order
        missing = missing_labels(spec, svg["texts"])
        if missing:
            problems.append((spec["title"][:60], missing, svg["texts"]))
        lowered = svg["svg"].lower()
        for tag in ("<script", "<img", "<iframe", "<object", "<embed", "<a ", "<b>", "<br"):
            assert tag not in lowered, (tag, spec["title"])
    assert problems == []
    assert page.evaluate(ELEMENTS_FROM_DATA_JS) == []
    assert page.evaluate(f"window.{XSS_FLAG}") is None
    assert page.cjm_page_errors == []
    assert page.cjm_external_requests == []
    assert page.cjm_console_errors == []


#: Put one block into the probe, let Material mount it, and return what the test checks.
RENDER_ONE = """
async ([probe, markup]) => {
  const box = document.getElementById(probe);
  box.innerHTML = markup;
  window.document$.next(document);
  const start = performance.now();
  while (box.querySelector("pre") && !window.cjmErrors.length && performance.now() - start < 15000) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const host = box.querySelector("div.mermaid");
  const svg = host && host.shadowRoot && host.shadowRoot.querySelector("svg");
  const errors = window.cjmErrors.splice(0);
  // What Mermaid leaves in the body when a render fails (its error diagram): reported, removed.
  document.querySelectorAll("body > [id^=d__mermaid_]").forEach((e) => {
    errors.push(e.textContent.includes("Syntax error") ? `${e.id}: Syntax error` : e.id);
    e.remove();
  });
  if (!svg) return { errors: errors.concat(["not rendered"]), texts: [], bad: 0, id: "" };
  return {
    id: svg.id,
    errors: errors.concat(svg.textContent.includes("Syntax error") ? ["Syntax error"] : []),
    texts: Array.from(svg.querySelectorAll("text, foreignObject div.label")).map((e) => e.textContent),
    bad: svg.querySelectorAll("script, img, iframe, object, embed, a, image").length,
  };
}
"""

LABEL = st.text(st.characters(blacklist_categories=()), max_size=30)
SPEC = st.fixed_dictionaries(
    {
        "title": LABEL,
        "sections": st.lists(
            st.tuples(
                LABEL,
                st.lists(
                    st.tuples(LABEL, st.integers(1, 5), st.lists(LABEL, max_size=3).map(tuple)),
                    min_size=1,
                    max_size=3,
                ),
            ),
            min_size=1,
            max_size=3,
        ),
    }
)


def test_arbitrary_unicode_labels(site, new_page):
    """Hypothesis drives one open page: each example is one more block Material mounts."""
    page = new_page(site)
    page.add_init_script("window.cjmErrors = [];"
                         " addEventListener('unhandledrejection', (e) => cjmErrors.push(String(e.reason)));")
    page.goto("/probe/")
    page.wait_for_function("window.document$ && typeof window.mermaid === 'object'")

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SPEC)
    def check(spec: dict[str, Any]) -> None:
        result = page.evaluate(RENDER_ONE, [PROBE, mermaid_block(source_of(spec))])
        assert result["errors"] == [], spec
        assert result["id"].startswith("__mermaid_")  # Material's renderer, not ours
        assert result["bad"] == 0
        assert missing_labels(spec, result["texts"]) == [], (spec, result["texts"])

    check()
    assert page.cjm_page_errors == []
    assert page.cjm_external_requests == []


#: The colours the palette test compares: Material's page background, and each kind of
#: text of the journey with the box drawn under it.
COLOURS_JS = """
() => {
  const root = document.querySelector("div.mermaid").shadowRoot;
  const fill = (sel, prop) => getComputedStyle(root.querySelector(sel))[prop];
  return {
    page: getComputedStyle(document.body).backgroundColor,
    title: fill("svg text:not([class])", "fill"),
    legend: fill("text.legend", "fill"),
    section_text: fill("div.journey-section div.label", "color"),
    section_box: fill("rect.journey-section", "fill"),
    task_text: fill("div.task div.label", "color"),
    task_box: fill("rect.task", "fill"),
    line: fill("line.task-line", "stroke"),
  };
}
"""


def settled_colours(page: Any) -> dict[str, str]:
    """The colours once they stop changing (Material's palette switch may animate)."""
    return settled(page, COLOURS_JS)


def parse_colour(value: str) -> tuple[float, float, float, float]:
    nums = [float(n) for n in re.findall(r"[\d.]+", value)]
    if value.startswith("color(srgb"):
        r, g, b = (n * 255 for n in nums[:3])
        return r, g, b, nums[3] if len(nums) > 3 else 1.0
    assert value.startswith("rgb"), value
    return nums[0], nums[1], nums[2], nums[3] if len(nums) > 3 else 1.0


def over(top: str, *below: str) -> tuple[float, float, float]:
    """Alpha-composite ``top`` over the ``below`` colours (last one is opaque)."""
    layers = [parse_colour(c) for c in (top, *below)]
    r, g, b, _ = layers[-1]
    for lr, lg, lb, la in reversed(layers[:-1]):
        r, g, b = (la * x + (1 - la) * y for x, y in ((lr, r), (lg, g), (lb, b)))
    return r, g, b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    def lum(rgb):
        def ch(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, bb = (ch(x) for x in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bb
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_light_and_dark_palettes_are_legible(site, new_page, mermaid_svgs):
    """Material's own palettes, switched with its own toggle in the header."""
    page = new_page(site, color_scheme="light")
    page.goto("/palette/")
    mermaid_svgs(page, expected=1)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"

    seen = {}
    for scheme, toggle in (("default", None), ("slate", "__palette_1"), ("default", "__palette_0")):
        if toggle:
            page.locator(f"label[for='{toggle}']").click()
            page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
        c = settled_colours(page)
        bg = c["page"]
        ratios = {
            "title": contrast(over(c["title"], bg), over(bg)),
            "legend": contrast(over(c["legend"], bg), over(bg)),
            "section": contrast(over(c["section_text"], c["section_box"], bg), over(c["section_box"], bg)),
            "task": contrast(over(c["task_text"], c["task_box"], bg), over(c["task_box"], bg)),
            "line": contrast(over(c["line"], bg), over(bg)),
        }
        for name in ("title", "legend", "section", "task"):
            assert ratios[name] >= 4.5, (scheme, name, ratios, c)
        assert ratios["line"] >= 1.5, (scheme, ratios, c)
        if scheme in seen:
            assert c["title"] == seen[scheme]  # back to the same colours
        seen[scheme] = c["title"]
    # The same SVG re-coloured by the palette switch, without a re-render.
    assert seen["default"] != seen["slate"]
    assert page.evaluate("document.querySelectorAll('div.mermaid').length") == 1
    assert page.cjm_external_requests == []
    assert page.cjm_page_errors == []


def test_actor_names_that_are_javascript_object_keys(site, new_page, mermaid_svgs, mermaid_syntax_error):
    """Mermaid keeps a journey's actors in a plain object: `__proto__` once vanished."""
    page = new_page(site)
    page.goto("/keys/")
    [svg] = mermaid_svgs(page, expected=1)
    assert not mermaid_syntax_error(page)
    assert missing_labels(OBJECT_KEYS, svg["texts"]) == []
