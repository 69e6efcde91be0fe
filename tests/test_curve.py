"""The emotion curve's SVG: well-formed, accessible, escaped, themable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from cjm_plugin.core.curve import CurvePoint, emotion_curve_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = [
    "<script>alert('x')</script>",
    'Tom & Jerry "quoted" \'single\'',
    "Pays 💳 🎉👩‍👩‍👧",
    "يستخدم التطبيق يوميًا",
    "检查电子邮件并确认账户",
    "x" * 500,
    "]]><!-- --> &amp; &#60;",
    "tab\tnew\nline\x00\x07bell",
]


def points() -> list[CurvePoint]:
    return [
        CurvePoint("Awareness", "Searches Google", 2),
        CurvePoint("Awareness", "Clicks results", 3),
        CurvePoint("Consideration", "Reads reviews", 5),
        CurvePoint("Buying", "Pays", 1),
    ]


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def dots(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter("{http://www.w3.org/2000/svg}circle")
            if "cjm-curve__dot" in c.get("class", "").split()]


def all_text(root: ET.Element) -> str:
    return " ".join(root.itertext())


def test_empty_is_empty_markup():
    assert emotion_curve_svg([], title="T") == Markup("")
    assert isinstance(emotion_curve_svg([], title="T"), Markup)


def test_well_formed_with_one_dot_per_point():
    svg = emotion_curve_svg(points(), title="Emotion curve: Buying")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(dots(root)) == 4
    assert root.find("svg:polyline", NS) is not None
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")


def test_higher_score_is_drawn_higher():
    root = parse(emotion_curve_svg(points(), title="T"))
    by_score = {int(d.get("class").split("--")[-1]): float(d.get("cy")) for d in dots(root)}
    assert by_score[5] < by_score[3] < by_score[2] < by_score[1]
    # step order goes left to right
    xs = [float(d.get("cx")) for d in dots(root)]
    assert xs == sorted(xs)


def test_accessible_name_and_text_alternative():
    root = parse(emotion_curve_svg(points(), title="Emotion curve: Buying"))
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.text == "Emotion curve: Buying"
    ids = root.get("aria-labelledby").split()
    assert ids == [title.get("id"), desc.get("id")]
    assert desc.text == ("Awareness: Searches Google 2 of 5; Clicks results 3 of 5. "
                         "Consideration: Reads reviews 5 of 5. Buying: Pays 1 of 5.")
    tips = [d.find("svg:title", NS).text for d in dots(root)]
    assert tips[0] == "Awareness \u2014 Searches Google: 2/5"
    assert tips[3] == "Buying \u2014 Pays: 1/5"


def test_labels_translate_axis_and_desc():
    labels = {"score_1": "Sangat negatif", "score_5": "Sangat positif", "score_of": "{score} dari 5"}
    root = parse(emotion_curve_svg(points(), title="Kurva", labels=labels))
    text = all_text(root)
    assert "Sangat negatif" in text and "Sangat positif" in text
    assert "Neutral" in text  # missing keys fall back to English
    assert "Searches Google 2 dari 5" in root.find("svg:desc", NS).text


def test_ids_unique_across_calls_with_same_content():
    a = parse(emotion_curve_svg(points(), title="Same"))
    b = parse(emotion_curve_svg(points(), title="Same"))
    ids_a = {e.get("id") for e in a.iter() if e.get("id")}
    ids_b = {e.get("id") for e in b.iter() if e.get("id")}
    assert len(ids_a) == 2 and not ids_a & ids_b
    for root, ids in ((a, ids_a), (b, ids_b)):
        assert set(root.get("aria-labelledby").split()) == ids


def test_id_prefix_is_sanitised():
    root = parse(emotion_curve_svg(points(), title="T", id_prefix='9 "bad" <id>'))
    for e in root.iter():
        if e.get("id"):
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", e.get("id"))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_and_kept(hostile):
    pts = [CurvePoint(hostile, hostile, 3), CurvePoint("Next", hostile, 4)]
    svg = emotion_curve_svg(pts, title=hostile, labels={"score_3": hostile})
    root = parse(svg)  # well-formed
    assert not [e for e in root.iter() if e.tag.split("}")[-1].lower() == "script"]
    assert "<script>" not in str(svg)
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", hostile).split())
    assert root.find("svg:title", NS).text == expected
    assert expected in root.find("svg:desc", NS).text
    tips = [d.find("svg:title", NS).text for d in dots(root)]
    assert tips[0] == f"{expected} \u2014 {expected}: 3/5"
    # every visible (maybe cut) text is backed by a title holding the full text
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert expected in titles


def test_long_names_are_cut_with_ellipsis():
    long = "x" * 500
    root = parse(emotion_curve_svg([CurvePoint(long, long, 2)], title="T"))
    shown = [t for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for text in shown:
        visible = "".join(text.itertext())
        assert len(visible) < 60
    assert any("\u2026" in "".join(t.itertext()) for t in shown)
    width = float(root.get("viewBox").split()[2])
    assert width == 480  # a long name does not widen the drawing


def test_no_hard_coded_colours_outside_fallbacks_and_print():
    svg = str(emotion_curve_svg(points(), title="T"))
    style = ET.fromstring(svg).find("svg:style", NS).text
    assert "@media print" in style
    assert "var(--md-default-fg-color" in style and "var(--md-accent-fg-color" in style
    rest = re.sub(r"@media print\{.*\}\}?", "", svg, flags=re.S)
    rest = re.sub(r"var\([^()]*(\([^()]*\))?[^()]*\)", "", rest)
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b", rest)
    assert not re.search(r"\b(fill|stroke|color)=\"(?!none)", svg)  # no colour attributes


def test_width_scales_with_steps():
    def width(n: int) -> float:
        pts = [CurvePoint("S", f"Step {i}", i % 5 + 1) for i in range(n)]
        return float(parse(emotion_curve_svg(pts, title="T")).get("viewBox").split()[2])

    assert width(1) == width(3) == 480
    assert width(10) > width(6) > 480


def test_many_points_stay_well_formed_and_drop_step_labels():
    pts = [CurvePoint(f"Stage {i // 20}", f"Step {i}", i % 5 + 1) for i in range(500)]
    root = parse(emotion_curve_svg(pts, title="Long journey"))
    assert len(dots(root)) == 500
    assert root.find(".//svg:g[@class='cjm-curve__steps']", NS) is None
    tips = [d.find("svg:title", NS).text for d in dots(root)]
    assert tips[499] == "Stage 24 \u2014 Step 499: 5/5"
    # a moderate number still has its step names
    few = parse(emotion_curve_svg(pts[:40], title="T"))
    assert few.find(".//svg:g[@class='cjm-curve__steps']", NS) is not None


def test_bad_score_is_refused():
    with pytest.raises(ValueError):
        emotion_curve_svg([CurvePoint("S", "s", 6)], title="T")
