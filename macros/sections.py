"""Wrap each part of a page that starts at a top-level <h2> in <section class="g-sec"> (issue 7).

A long chapter is 1,000 to 1,500 elements. guide.css gives each section `content-visibility: auto`,
so the browser styles and lays out only the sections on screen; Material's scripts, which restyle
the page several times as they start, then touch a third of the elements. Print shows everything
(print.css). Plain functions: `wrap_sections(html)` takes and returns the HTML of a page's content.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TopLevelH2(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[tuple[int, int]] = []  # (line, column) of each top-level <h2

    def handle_starttag(self, tag, attrs):
        if tag == "h2" and self.depth == 0:
            self.starts.append(self.getpos())
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.depth = max(0, self.depth - 1)


def _offsets(html: str, positions: list[tuple[int, int]]) -> list[int]:
    line_starts = [0]
    for i, ch in enumerate(html):
        if ch == "\n":
            line_starts.append(i + 1)
    return [line_starts[line - 1] + col for line, col in positions]


def wrap_sections(html: str) -> str:
    """`html` with everything from each top-level <h2> up to the next (or the end) inside
    <section class="g-sec">. What comes before the first <h2> stays as it is."""
    parser = _TopLevelH2()
    parser.feed(html)
    parser.close()
    cuts = _offsets(html, parser.starts)
    if not cuts:
        return html
    out = [html[: cuts[0]]]
    for start, end in zip(cuts, cuts[1:] + [len(html)]):
        out.append('<section class="g-sec">' + html[start:end].rstrip("\n") + "</section>\n")
    return "".join(out)
