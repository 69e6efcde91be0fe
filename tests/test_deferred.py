"""The parts of a generated page that search never reads: taken out, then put back whole."""

from __future__ import annotations

from cjm_plugin.core.rendering.deferred import END, START, Deferred, excluded_from_search


def test_taken_out_parts_come_back_in_place_without_their_markers() -> None:
    page = f"<h2>A</h2>{START}<svg><circle/></svg>{END}<p>kept</p>{START}<div>x</div>{END}<p>end</p>"
    later = Deferred()
    searched = later.take_out(page)
    assert searched == "<h2>A</h2><!--cjm-later:0--><p>kept</p><!--cjm-later:1--><p>end</p>"
    assert later.parts == ["<svg><circle/></svg>", "<div>x</div>"]
    # The theme wraps the content; the parts go back where they were.
    assert later.put_back(f"<body>{searched}</body>") == (
        "<body><h2>A</h2><svg><circle/></svg><p>kept</p><div>x</div><p>end</p></body>")


def test_two_takes_number_on_so_a_body_between_them_is_left_alone() -> None:
    later = Deferred()
    before = later.take_out(f"{START}<i>1</i>{END}")
    after = later.take_out(f"{START}<i>2</i>{END}")
    body = f"<p>{START}a contributor's comment{END}</p>"
    assert later.put_back(before + body + after) == f"<i>1</i>{body}<i>2</i>"


def test_an_unclosed_marker_leaves_the_text_as_it_is() -> None:
    later = Deferred()
    html = f"<p>a</p>{START}<p>b</p>"
    assert later.take_out(html) == html
    assert later.parts == []
    assert later.put_back(html) == html


def test_for_zensical_the_outermost_elements_of_a_marked_part_are_excluded_from_search() -> None:
    """Zensical's search skips an element marked ``data-search-exclude`` with all it holds:
    the outermost elements of a part are marked, not each of its ~500 elements."""
    html = (f"<p>kept</p>{START}<tr class=\"r\"><td>row &lt;b&gt;<br></td></tr><!-- a --><svg/>"
            f"<img src=x><div><span>x</span></div>{END}<p>also kept</p>{START}<div>unclosed")
    assert excluded_from_search(html) == (
        f"<p>kept</p>{START}<tr data-search-exclude class=\"r\"><td>row &lt;b&gt;<br></td></tr><!-- a -->"
        f"<svg data-search-exclude/><img data-search-exclude src=x><div data-search-exclude><span>x</span>"
        f"</div>{END}<p>also kept</p>{START}<div>unclosed")
    assert excluded_from_search("<p>none</p>") == "<p>none</p>"
    # Loose text, or tags that do not nest: every element marked, as the text is kept anyway.
    assert excluded_from_search(f"{START}text <b>bold</b> <i>it</i>{END}") == (
        f"{START}text <b data-search-exclude>bold</b> <i data-search-exclude>it</i>{END}")
    assert excluded_from_search(f"{START}</td><td>x</td>{END}") == (
        f"{START}</td><td data-search-exclude>x</td>{END}")
