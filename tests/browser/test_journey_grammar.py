"""The journey text from ``cjm_plugin.core.mermaid`` rendered by the vendored Mermaid.

Diagrams are rendered the way mkdocs-material does it: ``mermaid.initialize`` once with
``startOnLoad: false`` and a ``themeCSS``, then ``mermaid.render(id, pre.textContent)``
for each ``<pre class="mermaid">`` and the SVG put into a *closed* shadow root of a new
``div.mermaid`` (opened by the harness's init script so the test can read it).  The global
``mermaid`` is the site's own stand-in (``assets/diagrams.js``), which imports the bundled
ESM build on the first render, exactly as on a built site.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_plugin.core.mermaid import JourneySection, JourneyTask, clean_label, journey_source

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parents[2] / "cjm_plugin" / "assets"

#: Mimics Material's loader (bundle: `mermaid.initialize({startOnLoad:!1,themeCSS:..})`,
#: then `mermaid.render(id, e.textContent)` into `attachShadow({mode:"closed"})`).
PAGE_SCRIPT = """
<script src="diagrams.js"></script>
<script>
  window.cjmErrors = [];
  let counter = 0;
  window.cjmInit = () => mermaid.initialize({
    startOnLoad: false,
    themeCSS: ".label{color:var(--md-mermaid-label-fg-color)} line{stroke:red}",
  });
  window.cjmRenderInto = async (text) => {
    const host = document.createElement("div");
    host.className = "mermaid";
    const shadow = host.attachShadow({ mode: "closed" });
    try {
      const { svg, bindFunctions } = await mermaid.render(`__mermaid_${counter++}`, text);
      shadow.innerHTML = svg;
      if (bindFunctions) bindFunctions(shadow);
    } catch (error) {
      window.cjmErrors.push(String(error));
      shadow.innerHTML = `<svg><text>Syntax error: ${String(error).replace(/</g, "&lt;")}</text></svg>`;
    }
    return host;
  };
  window.cjmRenderAll = async () => {
    cjmInit();
    for (const pre of Array.from(document.querySelectorAll("pre.mermaid"))) {
      const host = await cjmRenderInto(pre.textContent);
      pre.replaceWith(host);
    }
  };
  document.addEventListener("DOMContentLoaded", () => cjmRenderAll());
</script>
"""

#: JS for one diagram on an already open page: returns what the test checks.
RENDER_ONE = """
async (text) => {
  const host = await cjmRenderInto(text);
  document.getElementById("out").replaceChildren(host);
  const svg = host.shadowRoot.querySelector("svg");
  return {
    texts: Array.from(svg.querySelectorAll("text, foreignObject div.label")).map((e) => e.textContent),
    bad: svg.querySelectorAll("script, img, iframe, object, embed, a, image").length,
    error: svg.textContent.includes("Syntax error"),
  };
}
"""

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


def write_page(directory: Path, body: str, head: str = "") -> None:
    shutil.copy(ASSETS / "diagrams.js", directory / "diagrams.js")
    (directory / "mermaid").symlink_to(ASSETS / "mermaid", target_is_directory=True)
    (directory / "index.html").write_text(
        f"<!doctype html><html><head><meta charset=\"utf-8\">{head}{PAGE_SCRIPT}</head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )


def test_hostile_labels_render_whole(tmp_path, serve_dir, new_page, mermaid_svgs, mermaid_syntax_error):
    body = "".join(
        f'<pre class="mermaid"><code>{html.escape(spec["source"])}</code></pre>' for spec in HOSTILE
    )
    write_page(tmp_path, body + '<div id="out"></div>')
    page = new_page(serve_dir(tmp_path))
    page.goto("/index.html")
    svgs = mermaid_svgs(page, expected=len(HOSTILE), timeout=30000)

    assert page.evaluate("window.cjmErrors") == []
    assert not mermaid_syntax_error(page)
    assert len(svgs) == len(HOSTILE)
    problems = []
    for spec, svg in zip(HOSTILE, svgs, strict=True):
        assert svg["shadow"]
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


def test_arbitrary_unicode_labels(tmp_path, serve_dir, new_page):
    """Hypothesis drives one open page: each example is one more diagram on it."""
    write_page(tmp_path, '<div id="out"></div>')
    page = new_page(serve_dir(tmp_path))
    page.goto("/index.html")
    page.wait_for_function("typeof mermaid !== 'undefined'")

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SPEC)
    def check(spec: dict[str, Any]) -> None:
        result = page.evaluate(RENDER_ONE, source_of(spec))
        assert not result["error"], (spec, page.evaluate("window.cjmErrors.slice(-1)"))
        assert result["bad"] == 0
        assert missing_labels(spec, result["texts"]) == [], (spec, result["texts"])

    check()
    assert page.cjm_page_errors == []
    assert page.cjm_external_requests == []


# Material's palette variables (mkdocs-material 9.x main/palette CSS, indigo accent).
MATERIAL_VARS = """
[data-md-color-scheme=default] {
  --md-hue: 225deg;
  --md-default-fg-color: #000000de;
  --md-default-fg-color--light: #0000008a;
  --md-default-fg-color--lighter: #00000052;
  --md-default-fg-color--lightest: #00000012;
  --md-default-bg-color: #fff;
  --md-code-fg-color: #36464e;
}
[data-md-color-scheme=slate] {
  --md-hue: 225deg;
  --md-default-fg-color: hsla(var(--md-hue), 15%, 90%, 0.82);
  --md-default-fg-color--light: hsla(var(--md-hue), 15%, 90%, 0.56);
  --md-default-fg-color--lighter: hsla(var(--md-hue), 15%, 90%, 0.32);
  --md-default-fg-color--lightest: hsla(var(--md-hue), 15%, 90%, 0.12);
  --md-default-bg-color: hsla(var(--md-hue), 15%, 14%, 1);
  --md-code-fg-color: hsla(var(--md-hue), 18%, 86%, 0.82);
}
[data-md-color-scheme] {
  --md-accent-fg-color: #526cfe;
  --md-accent-fg-color--transparent: #526cfe1a;
  --md-text-font-family: Roboto;
  background-color: var(--md-default-bg-color);
  color: var(--md-default-fg-color);
}
body {
  --md-mermaid-font-family: var(--md-text-font-family), sans-serif;
  --md-mermaid-node-bg-color: var(--md-accent-fg-color--transparent);
  --md-mermaid-node-fg-color: var(--md-accent-fg-color);
  --md-mermaid-label-bg-color: var(--md-default-bg-color);
  --md-mermaid-label-fg-color: var(--md-code-fg-color);
  --md-mermaid-edge-color: var(--md-code-fg-color);
}
"""

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


def test_light_and_dark_palettes_are_legible(tmp_path, serve_dir, new_page, mermaid_svgs):
    spec = diagram("Healthy catering", ("Awareness", [("Searches Google", 2, ("dina", "budi"))]))
    body = f'<pre class="mermaid"><code>{html.escape(spec["source"])}</code></pre>'
    write_page(tmp_path, body, head=f"<style>{MATERIAL_VARS}</style>")
    html_path = tmp_path / "index.html"
    html_path.write_text(
        html_path.read_text(encoding="utf-8").replace("<body>", '<body data-md-color-scheme="default">'),
        encoding="utf-8",
    )
    page = new_page(serve_dir(tmp_path))
    page.goto("/index.html")
    mermaid_svgs(page, expected=1)

    seen = {}
    for scheme in ("default", "slate", "default"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        c = page.evaluate(COLOURS_JS)
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
        seen[scheme] = c["title"]
    # The same SVG re-coloured by the palette switch, without a re-render.
    assert seen["default"] != seen["slate"]
    assert page.evaluate("document.querySelectorAll('div.mermaid').length") == 1
    assert json.dumps(page.cjm_external_requests) == "[]"


def test_actor_names_that_are_javascript_object_keys(tmp_path, serve_dir, new_page):
    """Mermaid keeps a journey's actors in a plain object: `__proto__` once vanished."""
    names = ("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")
    spec = {"title": "Keys", "sections": [("S", [("Task", 3, names)])]}
    write_page(tmp_path, '<div id="out"></div>')
    page = new_page(serve_dir(tmp_path))
    page.goto("/index.html")
    page.wait_for_function("typeof mermaid !== 'undefined'")
    result = page.evaluate(RENDER_ONE, source_of(spec))
    assert not result["error"]
    assert missing_labels(spec, result["texts"]) == []
