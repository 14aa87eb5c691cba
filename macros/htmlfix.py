"""Changes to a built page's HTML that spare the browser work once the page is shown (issue 7).

Plain functions on the page's HTML, no MkDocs import; macros/hooks.py applies them to every page.
Each one takes away a whole-page restyle that a trace of the coding chapter showed after the first
paint (`scripts/bench` gives the figures):

- `contain_tables`: Material's bundle moves each plain table into a scroll wrapper when it starts.
  Moving a child of the article makes Chrome restyle the whole article (its stylesheet has rules
  such as `.md-typeset > :first-child` that depend on the order of the article's children). Inside
  a plain <div> of its own, the move only touches that <div>. The <div> has no style: the page
  looks the same with and without it, with or without JavaScript.
- `first_storage_note_only`: every widget is built with the note a browser that refuses storage
  shows ("your ticks will last only for this visit"); the page needs one. The later ones are taken
  out here instead of being hidden by a CSS rule that needed `:has()` and sibling combinators, which
  made Chrome re-check large parts of the page on every change Material makes to it.
- `focusable_scrollers`: a code block or plain table wider than a phone scrolls sideways, and a
  keyboard user can only scroll what can take focus. Material adds `tabindex` to code blocks in its
  script; without JavaScript nothing did (axe `scrollable-region-focusable`). Here every code block
  and plain table gets `tabindex="0"` in the HTML, and each plain table a name from its header row.
"""

from __future__ import annotations

import html as _html

import re

# Python-Markdown writes a table with no attribute; Material wraps exactly these (table:not([class])).
PLAIN_TABLE = re.compile(r"<table>(?:(?!<table\b).)*?</table>", re.S)
TABLE_BOX = '<div class="g-table">'

# macros/templates/storage_note.html, as every widget includes it.
STORAGE_NOTE = re.compile(r'[ \t]*<p class="g-ctl g-note" role="status"[^>]*>.*?</p>\n?', re.S)


def contain_tables(html: str) -> str:
    """Each plain <table> (no attribute, no table inside) in a <div class="g-table"> of its own."""
    return PLAIN_TABLE.sub(lambda m: f"{TABLE_BOX}{m.group(0)}</div>", html)


def first_storage_note_only(html: str) -> str:
    """`html` with every storage note after the first removed."""
    seen = False

    def keep_first(m: re.Match) -> str:
        nonlocal seen
        if seen:
            return ""
        seen = True
        return m.group(0)

    return STORAGE_NOTE.sub(keep_first, html)


CODE_BLOCK = re.compile(r"<pre>(<span></span>)?<code>")
BOXED_TABLE = re.compile(r'<div class="g-table"><table>(.*?)</table>', re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
TAG = re.compile(r"<[^>]+>")


def focusable_scrollers(html: str) -> str:
    """Code blocks and boxed plain tables (after `contain_tables`) focusable by keyboard, tables
    named by their column headers."""
    html = CODE_BLOCK.sub(lambda m: f'<pre>{m.group(1) or ""}<code tabindex="0">', html)

    def name_table(m: re.Match) -> str:
        head = m.group(1).split("</thead>", 1)[0] if "</thead>" in m.group(1) else ""
        cols = [_html.unescape(TAG.sub("", c)).strip() for c in HEADER_CELL.findall(head)]
        label = "Table: " + ", ".join(c for c in cols if c) if any(cols) else "Table"
        return (f'<div class="g-table"><table tabindex="0" aria-label="{_html.escape(label, quote=True)}">'
                f"{m.group(1)}</table>")

    return BOXED_TABLE.sub(name_table, html)
