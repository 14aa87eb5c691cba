"""Sections of a page (macros/sections.py and theme.css, issue 7): each part from a top-level <h2>
is a <section class="g-sec"> the browser may skip rendering while it is off screen. Unit tests of the
wrapping, then what a reader sees: links to a heading still land on it, and nothing is hidden."""

from __future__ import annotations

import pytest

from macros.sections import wrap_sections


def test_wraps_each_top_level_h2_to_the_next():
    html = '<p>intro</p>\n<h2 id="a">A</h2>\n<p>a</p>\n<h2 id="b">B</h2>\n<ul><li>b</li></ul>\n'
    assert wrap_sections(html) == (
        '<p>intro</p>\n<section class="g-sec"><h2 id="a">A</h2>\n<p>a</p></section>\n'
        '<section class="g-sec"><h2 id="b">B</h2>\n<ul><li>b</li></ul></section>\n')


def test_h2_inside_a_block_does_not_start_a_section():
    html = '<h2>A</h2><div class="admonition"><h2>inner</h2><br><img src="x.png"></div><p>after</p>'
    out = wrap_sections(html)
    assert out.count('<section class="g-sec">') == 1 and out.endswith("<p>after</p></section>\n")


@pytest.mark.parametrize("html", ["", "<p>no headings</p>", "<h3>only lower</h3><p>x</p>"])
def test_pages_without_h2_are_unchanged(html):
    assert wrap_sections(html) == html


def test_built_chapter_has_its_sections(built_site):
    html = (built_site / "coding" / "index.html").read_text(encoding="utf-8")
    headings = html.count("<h2 ")
    assert headings >= 5 and html.count('<section class="g-sec"><h2 ') == headings


@pytest.mark.parametrize("width", [412, 1280])
def test_link_to_a_late_heading_lands_on_it(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site + "coding/")
        headings = page.locator("section.g-sec > h2")
        anchor = headings.nth(headings.count() - 3).get_attribute("id")  # far down, with page below it
        for how in ("a link from another page", "the table of contents"):
            if how == "a link from another page":
                page = context.new_page()
                page.goto(served_site + "coding/#" + anchor)
            else:
                page.goto(served_site + "coding/")
                page.wait_for_selector(".md-typeset__scrollwrap", state="attached")  # Material has started
                # (on a phone the table of contents is in the closed drawer: click it as a script would)
                page.locator(f'.md-sidebar a.md-nav__link[href$="#{anchor}"]').last.evaluate("a => a.click()")
            page.wait_for_function("window.document$ !== undefined")
            page.wait_for_timeout(400)
            top = page.locator(f"#{anchor}").evaluate("h => h.getBoundingClientRect().top")
            assert 0 <= top < 200, f"{how}: #{anchor} is {top:.0f}px from the top of the window"
    finally:
        context.close()


def test_every_section_renders_when_scrolled_to(browser, served_site):
    context = browser.new_context(viewport={"width": 412, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site + "ml-system-design/")
        sections = page.locator("section.g-sec")
        assert sections.count() >= 5
        for i in range(sections.count()):
            sections.nth(i).scroll_into_view_if_needed()
            # innerText counts rendered text only: skipped content would read as empty.
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            box = sections.nth(i).bounding_box()
            text = sections.nth(i).evaluate("s => s.innerText.trim().length")
            assert box["height"] > 50 and text > 100
    finally:
        context.close()
