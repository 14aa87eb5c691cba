"""Small helpers shared by tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "guide.yml"


def page_html(site: Path, page: str) -> str:
    path = site / (f"{page}/index.html" if page else "index.html")
    return path.read_text(encoding="utf-8")


class TextOf(HTMLParser):
    """Visible text of a page's main content, optionally skipping data-rendered blocks."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr"}

    def __init__(self, skip_generated: bool = False):
        super().__init__()
        self.skip_generated = skip_generated
        self.parts: list[str] = []
        self.stack: list[bool] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hide = tag in ("script", "style", "svg") or (
            self.skip_generated and any(k == "data-source" for k, _ in attrs))
        self.stack.append(hide)
        self.skip += hide

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        self.skip -= self.stack.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, skip_generated: bool = False) -> str:
        parser = cls(skip_generated)
        parser.feed(html)
        return " ".join(parser.parts)


def main_content(html: str) -> str:
    """The <article> of a Material page (the content, without navigation)."""
    m = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', html, re.S)
    assert m, "no <article> in page"
    return m.group(1)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


MATERIAL_BUNDLE_URL = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def block_material_bundle(context) -> None:
    """Make Material's bundle fail to load in a Playwright browser context."""
    context.route(MATERIAL_BUNDLE_URL, lambda route: route.abort())


# Records every layout shift (what CLS adds up) in window.__shifts, from the page's start: value,
# startTime, whether it followed input (CLS leaves those out) and each moved node with its boxes.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    window.__shifts.push({value: e.value, startTime: e.startTime, recentInput: e.hadRecentInput, sources: (e.sources || []).map(function (s) {
      var n = s.node, name = !n ? "(gone)" : n.nodeType === 1
        ? n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className && n.className.baseVal === undefined && n.className ? "." + n.className.trim().split(/\\s+/).join(".") : "")
        : "#text " + JSON.stringify((n.textContent || "").trim().slice(0, 40)) + " in " + (n.parentElement ? n.parentElement.tagName.toLowerCase() + "." + n.parentElement.className : "?");
      function r(x) { return [Math.round(x.x), Math.round(x.y), Math.round(x.width), Math.round(x.height)].join(","); }
      return name + " " + r(s.previousRect) + " -> " + r(s.currentRect);
    })});
  });
}).observe({type: "layout-shift", buffered: true});
"""
