"""Scripts after the first paint (macros/afterpaint.py) and minified assets (macros/minify.py),
issue 7: unit tests of the pure functions, the built pages, and the behaviour in a browser."""

from __future__ import annotations

import re

import pytest

from macros.afterpaint import AfterPaintError, load_after_paint
from macros.minify import minify_assets
from tests.helpers import block_material_bundle

BUNDLE_TAG = '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>'
PAGE = f"""<html><body><p>text</p>
      {BUNDLE_TAG}
  <script src="../assets/guide.js" data-after-paint></script>
  <script src="../assets/practice.js" data-after-paint></script>
</body></html>"""


def test_loader_replaces_the_tags_and_keeps_their_order():
    out = load_after_paint(PAGE, "coding.md")
    assert "<script src=" not in out
    assert out.count("<script>") == 1 and out.rstrip().endswith("</script>\n</body></html>")
    srcs = re.search(r"var srcs = (\[.*?\]);", out).group(1)
    assert srcs == '["../assets/javascripts/bundle.0123abcd.min.js", "../assets/guide.js", "../assets/practice.js"]'


@pytest.mark.parametrize("html,count", [(PAGE.replace(BUNDLE_TAG, ""), 0), (PAGE.replace(BUNDLE_TAG, BUNDLE_TAG * 2), 2)])
def test_missing_or_repeated_bundle_names_the_page(html, count):
    with pytest.raises(AfterPaintError) as err:
        load_after_paint(html, "coding.md")
    assert str(err.value).startswith("coding.md: ") and f"found it {count} times" in str(err.value)


def test_minify_drops_comments_and_whitespace_only(tmp_path):
    (tmp_path / "a.js").write_text("/* a note */\nfunction f(a) {\n  return a + 1; // one more\n}\n")
    (tmp_path / "b.css").write_text("/* note */\n.x {\n  color: red;\n}\n")
    (tmp_path / "c.txt").write_text("/* left alone */")
    sizes = minify_assets(tmp_path)
    assert (tmp_path / "a.js").read_text() == "function f(a){return a+1;}"
    assert (tmp_path / "b.css").read_text() == ".x{color:red}"
    assert (tmp_path / "c.txt").read_text() == "/* left alone */"
    assert set(sizes) == {"a.js", "b.css"} and all(after < before for before, after in sizes.values())


def test_built_pages_request_no_script_before_paint(built_site):
    pages = [p for p in built_site.rglob("*.html") if "assets" not in p.parts]
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<script src="[^"]*(bundle\.[0-9a-f]+\.min|guide|practice)\.js"', html), page
        assert html.count("var srcs = [") == 1, page


def test_built_assets_are_minified(built_site):
    guide = (built_site / "assets" / "guide.js").read_text(encoding="utf-8")
    assert "/*" not in guide and "\n  " not in guide
    assert (built_site / "assets" / "guide.css").read_text(encoding="utf-8").count("\n") <= 1


def test_scripts_start_after_first_paint_and_material_runs(page, served_site):
    page.goto(served_site + "coding/")
    page.wait_for_function("document.querySelector('.md-typeset__scrollwrap')")  # Material wrapped the tables
    timing = page.evaluate("""() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0].startTime;
        const js = performance.getEntriesByType('resource').filter(r => /(bundle\\.[0-9a-f]+\\.min|guide|practice)\\.js$/.test(r.name));
        return {fcp, starts: js.map(r => [r.name.split('/').pop(), r.startTime])};
    }""")
    assert len(timing["starts"]) == 3, timing
    assert all(start >= timing["fcp"] for _, start in timing["starts"]), timing
    assert page.console_errors == []


def test_guide_widgets_mount_without_materials_bundle(browser, served_site):
    context = browser.new_context()
    try:
        block_material_bundle(context)
        pg = context.new_page()
        pg.goto(served_site + "checklists/")
        pg.wait_for_function("window.__gStarted === true")
        box = pg.locator("input.g-check").first
        box.check()
        # the count is in the HTML from the start ("0 of N done"); only guide.js changes it
        pg.locator(".g-checklist .g-count").first.filter(has_text="1 of").wait_for(timeout=5000)
        assert box.is_checked()
    finally:
        context.close()


def test_input_made_before_the_scripts_run_is_kept(browser, served_site):
    """Scripts load after the first paint: a box ticked or a level chosen before then is kept."""
    context = browser.new_context()
    try:
        gate = {"open": False}
        held: list = []  # guide.js waits here until the reader has acted
        pg = context.new_page()
        context.route(re.compile(r"/assets/guide\.js$"), lambda route: route.continue_() if gate["open"] else held.append(route))
        pg.goto(served_site + "checklists/")
        box = pg.locator("input.g-check").nth(2)
        box.check()
        gate["open"] = True
        for route in held:
            route.continue_()
        pg.locator(".g-panel .g-count").filter(has_text="1 of").wait_for(timeout=10000)
        assert box.is_checked()
        pg.reload()
        pg.locator(".g-panel .g-count").filter(has_text="1 of").wait_for(timeout=10000)
        assert pg.locator("input.g-check").nth(2).is_checked()
    finally:
        context.close()
