"""Work spared after the first paint (issue 7): macros/htmlfix.py's functions, the built pages, and
what Material's start-up leaves alone in a browser (each change it makes below would restyle the
whole page: the coding chapter has 1,500 elements)."""

from __future__ import annotations

import re

from macros.htmlfix import contain_tables, first_storage_note_only

NOTE = ('<p class="g-ctl g-note" role="status" data-search-exclude>This browser is not letting the guide'
        ' save anything.</p>\n')


def test_each_plain_table_gets_a_box_of_its_own():
    html = ("<p>a</p>\n<table>\n<tr><td>1</td></tr>\n</table>\n"
            '<table class="g-x"><tr><td>2</td></tr></table>\n'
            "<table><tr><td>3</td></tr></table>")
    out = contain_tables(html)
    assert out.count('<div class="g-table"><table>') == 2
    assert '<table class="g-x">' in out and '<div class="g-table"><table class' not in out
    assert re.sub(r'<div class="g-table">|</table></div>', lambda m: "" if m.group(0).startswith("<div") else "</table>", out) == html


def test_a_table_holding_another_is_left_alone():
    html = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"
    out = contain_tables(html)
    assert out.count('<div class="g-table">') == 1          # only the inner one
    assert out.startswith("<table><tr><td><div class=\"g-table\"><table>")


def test_only_the_first_storage_note_is_kept():
    html = f"<div>{NOTE}<p>one</p></div>\n  {NOTE}<p>two</p>{NOTE}"
    out = first_storage_note_only(html)
    assert out.count("g-note") == 1 and out.index("g-note") < out.index("one")
    assert "<p>one</p>" in out and "<p>two</p>" in out
    assert first_storage_note_only("<p>no note</p>") == "<p>no note</p>"


def test_built_pages_have_boxed_tables_and_one_storage_note(built_site):
    pages = [p for p in built_site.rglob("index.html") if "assets" not in p.parts]
    boxed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="g-ctl g-note"') <= 1, page
        plain = len(re.findall(r"<table(?: tabindex=\"0\" aria-label=\"[^\"]*\")?>", html))
        assert len(re.findall(r'<div class="g-table"><table[ >]', html)) == plain, page
        boxed += plain
    assert boxed >= 3   # the check above had tables to look at (the macros' own tables have a class)
    assert 'class="g-ctl g-note"' in (built_site / "checklists" / "index.html").read_text(encoding="utf-8")


# In the page before any script of the guide runs: what the page looks like when the bundle starts.
SNAPSHOT = """
document.addEventListener('DOMContentLoaded', () => {
  const article = document.querySelector('article');
  window.__before = {
    cls: document.documentElement.className,
    sheets: [...document.querySelectorAll('link[rel~="stylesheet"]')].filter(l => l.media !== 'print').map(l => l.sheet),
    children: article ? [...article.children] : [],
  };
});
"""


def test_materials_start_restyles_nothing_page_wide(page, served_site):
    page.add_init_script(SNAPSHOT)
    for rel in ("coding/", "behavioral/", "checklists/"):
        page.goto(served_site + rel)
        page.wait_for_function("window.__gStarted === true")
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap') || !document.querySelector('article table')")
        result = page.evaluate("""() => {
            const b = window.__before, article = document.querySelector('article');
            const links = [...document.querySelectorAll('link[rel~="stylesheet"]')].filter(l => l.media !== 'print');
            return {
              cls: [b.cls, document.documentElement.className],
              sheetsKept: b.sheets.length > 0 && links.length === b.sheets.length && links.every((l, i) => l.sheet === b.sheets[i]),
              childrenKept: b.children.length > 0 && b.children.length === article.children.length
                            && b.children.every((c, i) => article.children[i] === c),
              wrapped: [...document.querySelectorAll('.md-typeset__scrollwrap')].every(w => w.parentElement.classList.contains('g-table')
                                                                                      || w.closest('.g-table-wrap')),
            };
        }""")
        assert result["cls"][0] == result["cls"][1], (rel, "Material's start changed <html>'s classes", result["cls"])
        assert result["sheetsKept"], (rel, "a stylesheet was loaded again when Material started")
        assert result["childrenKept"], (rel, "Material's start moved children of the article")
        assert result["wrapped"], (rel, "a table Material wrapped was not in a box of its own")
    assert page.console_errors == []


def test_focusable_scrollers_code_blocks_and_named_tables():
    from macros.htmlfix import focusable_scrollers
    html = ('<div class="highlight"><pre><span></span><code>x = 1</code></pre></div>'
            '<div class="g-table"><table><thead><tr><th>Step</th><th><em>Minutes</em></th></tr></thead>'
            '<tbody><tr><td>a</td><td>1</td></tr></tbody></table></div>'
            '<table class="g-levels"><tr><td>left alone</td></tr></table>')
    out = focusable_scrollers(html)
    assert '<pre><span></span><code tabindex="0">x = 1</code>' in out
    assert '<table tabindex="0" aria-label="Table: Step, Minutes">' in out
    assert '<table class="g-levels">' in out


def test_built_code_blocks_and_plain_tables_are_focusable(built_site):
    html = (built_site / "coding" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r"<pre>(?:<span></span>)?<code([^>]*)>", html)
    assert blocks and all('tabindex="0"' in attrs for attrs in blocks), blocks[:3]
