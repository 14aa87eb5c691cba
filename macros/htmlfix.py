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
"""

from __future__ import annotations

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
