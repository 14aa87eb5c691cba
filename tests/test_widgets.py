"""The widgets' assets and markup without a browser: size budget, no third-party code, the
documented storage format, and markup that reads well before (or without) JavaScript."""

from __future__ import annotations

import gzip
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from macros import render
from macros.loader import load_guide
from tests.helpers import DATA, ROOT

ASSETS = ROOT / "overrides" / "assets"
BUDGET = 12 * 1024


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


def gzipped_size(name: str) -> int:
    return len(gzip.compress((ASSETS / name).read_bytes(), 9))


def test_script_and_styles_fit_the_budget():
    total = gzipped_size("guide.js") + gzipped_size("guide.css")
    assert total < BUDGET, f"guide.js + guide.css are {total} bytes gzipped, over {BUDGET}"


def test_no_third_party_code_or_hosts():
    for name in ("guide.js", "guide.css"):
        text = (ASSETS / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|@import|\bimport\s*\(|\beval\s*\(|new Function", text), name


def test_storage_format_is_documented_at_the_top_of_the_script():
    head = (ASSETS / "guide.js").read_text(encoding="utf-8")[:3000]
    for needle in ('"version": 1', '"ticks"', '"level"', '"site"', "Guide.section(", "<base>.guide"):
        assert needle in head, needle


class _Controls(HTMLParser):
    """Collects the form controls of a piece of HTML that sit outside every element of class g-ctl."""
    VOID = {"input", "br", "img", "hr", "meta", "link", "wbr", "source"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []   # per open element: inside a g-ctl
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside = (self.stack[-1] if self.stack else False) or "g-ctl" in (a.get("class") or "").split()
        if tag in ("button", "input", "progress", "select", "textarea", "form") and not inside \
                and "g-check" not in (a.get("class") or ""):   # a checklist's own boxes read without JavaScript
            self.loose.append(self.get_starttag_text())
        if tag not in self.VOID:
            self.stack.append(inside)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def loose_controls(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(html)
    return parser.loose


def test_controls_show_only_when_javascript_runs():
    """The build renders the widgets' controls (so that nothing moves when guide.js binds them);
    guide.css hides them until theme.js has put "js" on <html> in the <head>."""
    css = (ASSETS / "guide.css").read_text(encoding="utf-8")
    assert re.search(r"html:not\(\.js\) \.g-ctl\b[^{]*\{ *display: *none", css)
    theme = (ASSETS / "theme.js").read_text(encoding="utf-8")
    assert 'root.classList.add("js")' in theme


def test_every_widget_control_is_a_g_ctl_and_carries_the_storage_note(guide):
    """Each widget is built with the note shown when storage is refused (the page keeps the first:
    macros/htmlfix.py, tests/test_htmlfix.py)."""
    html = [render.level_picker(guide)] + [render.checklist(guide, cl.id) for cl in guide.checklists]
    html += [render.timer(guide, rt) for rt in ("coding", "ml-system-design", "behavioral")]
    for h in html:
        assert loose_controls(h) == [], h[:120]
        assert h.count('class="g-ctl g-note" role="status"') == 1, h[:120]
    page = render.all_checklists(guide)   # the panel, then every checklist
    assert loose_controls(page) == []
    assert page.count('class="g-ctl g-note" role="status"') == 1 + len(guide.checklists)
    assert "<button" in "".join(html) + page   # the checks above had controls to look at


def test_level_picker_is_hidden_until_javascript_and_lists_every_level(guide):
    html = render.level_picker(guide)
    assert re.search(r'<form class="g-ctl g-level-picker" data-level-picker>', html)
    assert re.findall(r'name="g-level" value="([^"]*)"', html) == [""] + [lv.id for lv in guide.levels]


def test_your_loop_has_one_section_per_company_and_level(guide):
    html = render.your_loop(guide)
    assert re.findall(r'<div class="g-your-loop__level" data-company="([^"]+)" data-level="([^"]+)"', html) == [
        (co.id, lv.id) for co in guide.companies for lv in guide.levels]
    assert "hidden" not in html  # every level shows until a level is picked


@pytest.mark.parametrize("round_id", ["coding", "ml-system-design", "behavioral"])
def test_timer_plan_reads_without_javascript(guide, round_id):
    html = render.timer(guide, round_id)
    phases = json.loads(unescape(re.search(r'data-phases="([^"]+)"', html).group(1)))
    assert phases == render.timer_phases(guide, round_id)
    assert 'role="group"' in html and loose_controls(html) == []
    plan = re.findall(r'<li data-phase="(\d+)"><span class="g-timer__phase-name">([^<]+)</span>: (\d+) min</li>', html)
    assert [(int(i), unescape(n), int(m) * 60) for i, n, m in plan] == [
        (k, p["name"], p["seconds"]) for k, p in enumerate(phases)]
