"""The widgets' assets and markup without a browser: size budget, no third-party code, the
documented storage format, and markup that reads well before (or without) JavaScript."""

from __future__ import annotations

import gzip
import json
import re
from html import unescape

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


def test_level_picker_is_hidden_until_javascript_and_lists_every_level(guide):
    html = render.level_picker(guide)
    assert re.search(r"<form [^>]*data-level-picker[^>]*\bhidden\b", html)
    assert re.findall(r'name="g-level" value="([^"]*)"', html) == [""] + [lv.id for lv in guide.levels]


def test_your_loop_has_one_section_per_level(guide):
    html = render.your_loop(guide)
    assert re.findall(r'<div class="g-your-loop__level" data-level="([^"]+)"', html) == [lv.id for lv in guide.levels]
    assert "hidden" not in html  # every level shows until a level is picked


@pytest.mark.parametrize("round_id", ["coding", "ml-system-design", "behavioral"])
def test_timer_plan_reads_without_javascript(guide, round_id):
    html = render.timer(guide, round_id)
    phases = json.loads(unescape(re.search(r'data-phases="([^"]+)"', html).group(1)))
    assert phases == render.timer_phases(guide, round_id)
    assert 'role="group"' in html and "<button" not in html
    plan = re.findall(r'<li data-phase="(\d+)"><span class="g-timer__phase-name">([^<]+)</span>: (\d+) min</li>', html)
    assert [(int(i), unescape(n), int(m) * 60) for i, n, m in plan] == [
        (k, p["name"], p["seconds"]) for k, p in enumerate(phases)]
