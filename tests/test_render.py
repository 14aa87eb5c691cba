"""The pure renderers, called without MkDocs: tables, checklists, timers and facts come from the
data, totals are derived, differing cells are marked, and data is escaped."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from macros import render
from macros.loader import load_guide
from macros.model import Guide
from tests.helpers import DATA


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(DATA)


def cells_of_row(html: str, label: str) -> list[str]:
    m = re.search(r"<tr[^>]*><th scope=\"row\">" + re.escape(label) + r"</th>(.*?)</tr>", html)
    assert m, f"row {label!r} not found"
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1))]


def test_phone_screen_table_by_level(guide):
    html = render.stage_table(guide, "phone-screen")
    assert re.findall(r'<th scope="col" data-level="(E\d)"', html) == ["E4", "E5", "E6"]
    assert cells_of_row(html, "Behavioral questions") == ["—", "—", "15 min"]
    assert cells_of_row(html, "Total") == ["45 min", "45 min", "45 min"]
    # E6's segments are in reading order: behavioral comes after coding, before questions
    labels = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert labels.index("Coding problems") < labels.index("Behavioral questions") < labels.index("Your questions")


def test_differing_cells_marked_only_where_they_differ(guide):
    html = render.stage_table(guide, "onsite")
    row = re.search(r"<tr[^>]*><th scope=\"row\">ML system design rounds</th>.*?</tr>", html).group(0)
    assert re.findall(r'<td data-level="(E\d)" class="g-diff"><strong>', row) == ["E6"]
    same = re.search(r"<tr[^>]*><th scope=\"row\">Coding rounds</th>.*?</tr>", html).group(0)
    assert "g-diff" not in same


def test_onsite_totals_are_derived(guide):
    html = render.stage_table(guide, "onsite")
    assert cells_of_row(html, "Total rounds") == ["4", "4", "5"]
    assert cells_of_row(html, "Total interview time") == ["195 min", "195 min", "240 min"]
    changed = guide.model_copy(deep=True)
    fmt = changed.format_for(changed.stage("onsite"), "E6")
    object.__setattr__(fmt, "rounds", {**fmt.rounds, "ml-system-design": 3})
    assert cells_of_row(render.stage_table(changed, "onsite"), "Total rounds")[2] == "6"


def test_loop_overview_has_both_stages_and_level_deciders(guide):
    html = render.loop_overview(guide)
    assert "Phone screen: Behavioral questions" in html and "Onsite: Total rounds" in html
    assert cells_of_row(html, "Sets your level")[0] == "ML system design, Behavioral"
    assert cells_of_row(html, "Must pass")[0] == "Coding, AI-assisted coding"


def test_approach_table_total(guide):
    html = render.approach_table(guide, "coding-problem")
    steps = guide.approach("coding-problem").steps
    for step in steps:
        assert f">{step.name}</th><td>{step.minutes}</td>" in html
    assert f"<td>{sum(s.minutes for s in steps)}</td>" in html


def test_checklist_items_carry_stable_ids_and_labels(guide):
    html = render.checklist(guide, "coding-prep")
    items = guide.checklist("coding-prep").items
    assert re.findall(r'<li class="g-checklist__item" data-item="([^"]+)"', html) == [i.id for i in items]
    for item in items:
        # the checkbox sits inside the label with the item's text: its accessible name is the text
        assert re.search(r'<label><input type="checkbox" class="g-check" data-item="' + item.id
                         + r'"[^>]*> <span>' + re.escape(str(render._env.from_string("{{ t }}").render(t=item.text)))
                         + "</span></label>", html)


def test_all_checklists_gives_headings(guide):
    md = render.all_checklists(guide)
    for cl in guide.checklists:
        assert f"## {cl.title} {{ #checklist-{cl.id} }}" in md


def test_checklist_controls_are_rendered_in_their_first_visit_state(guide):
    """guide.js fills these in on mount; the build renders the same text, so nothing moves then."""
    items = guide.checklist("coding-prep").items
    html = render.checklist(guide, "coding-prep")
    assert (f'<div class="g-ctl g-bar" data-search-exclude><progress aria-hidden="true" max="{len(items)}" value="0">'
            f'</progress><span class="g-count" aria-live="polite">0 of {len(items)} done</span>'
            '<button type="button" class="g-btn" data-act="reset" disabled>Reset this checklist</button></div>') in html
    md = render.all_checklists(guide)
    total = sum(len(cl.items) for cl in guide.checklists)
    panel, first = md.index('<div class="g-ctl g-panel" role="region" aria-label="Your progress"'), md.index("\n## ")
    assert panel < first and md.count("g-panel") == 1
    assert f'<strong class="g-count">All checklists: 0 of {total} done</strong>' in md


def test_timer_controls_are_rendered_ready_to_start(guide):
    phases = render.timer_phases(guide, "coding")
    html = render.timer(guide, "coding")
    total = sum(p["seconds"] for p in phases)
    ui, plan = html.index('<div class="g-ctl g-timer__ui" data-search-exclude>'), html.index('<ol class="g-timer__plan">')
    assert html.index('class="g-timer__plan-title"') < ui < plan
    assert f"<strong>Ready to start: {phases[0]['name']}</strong>" in html
    assert f"<b>{phases[0]['seconds'] // 60}:{phases[0]['seconds'] % 60:02d}</b> left in this phase" in html
    assert f"<b>{total // 60}:{total % 60:02d}</b> left in the round" in html
    assert f'<p class="g-timer__next">Next: {phases[1]["name"]} ({phases[1]["seconds"] // 60} min)</p>' in html
    assert re.findall(r'<button type="button" class="g-btn[^"]*"( disabled)?>([^<]+)</button>', html) == [
        (" disabled", "Start"), (" disabled", "Skip to next phase"), (" disabled", "Reset timer")]  # until guide.js runs
    assert render._clock(3599) == "59:59" and render._clock(0) == "0:00"


def test_data_html_is_escaped(guide):
    evil = guide.model_copy(deep=True)
    item = evil.checklist("day-of").items[0]
    object.__setattr__(item, "text", '<script>alert("x")</script><img src=x onerror=alert(1)>')
    html = render.checklist(evil, "day-of")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_unknown_ids_raise_keyerror_naming_them(guide):
    with pytest.raises(KeyError, match="unknown checklist 'nope'"):
        render.checklist(guide, "nope")
    with pytest.raises(KeyError, match="unknown stage 'lunch'"):
        render.stage_table(guide, "lunch")
    with pytest.raises(KeyError, match="unknown round type 'chess'"):
        render.timer(guide, "chess")


def test_timer_phases_come_from_data(guide):
    phases = render.timer_phases(guide, "coding")
    rt = guide.round_type("coding")
    assert sum(p["seconds"] for p in phases) == rt.minutes * 60
    steps = guide.approach("coding-problem").steps
    assert [p["name"] for p in phases[1:1 + len(steps)]] == [f"Problem 1: {s.name}" for s in steps]
    assert any(p["name"].startswith("Problem 2: ") for p in phases)
    mlsd = render.timer_phases(guide, "ml-system-design")
    assert sum(p["seconds"] for p in mlsd) == guide.round_type("ml-system-design").minutes * 60
    html = render.timer(guide, "ml-system-design")
    data = json.loads(unescape(re.search(r'data-phases="([^"]+)"', html).group(1)))
    assert data == mlsd


@pytest.mark.parametrize("path,expected", [
    ("round_types.coding.minutes", "45"),
    ("stages.onsite.E6.rounds.ml-system-design", "2"),
    ("stages.phone-screen.E6.segments.Behavioral questions.minutes", "15"),
    ("approaches.coding-problem.steps.clarify.minutes", "3"),
    ("levels.E6.title", "Staff"),
])
def test_fact(guide, path, expected):
    assert render.fact(guide, path) == expected


def test_fact_errors(guide):
    with pytest.raises(KeyError, match="nothing called 'codin' under round_types"):
        render.fact(guide, "round_types.codin.minutes")
    with pytest.raises(KeyError, match="group of values"):
        render.fact(guide, "round_types.coding")


def test_generated_blocks_are_marked(guide):
    html = render.resources_table(guide, "coding")
    assert html.startswith("<!-- generated by macros/render.py: resources_table('coding') from data/guide.yml -->")
    assert '\n\n' not in html
    assert "interviewing.io mock interviews" in html and "Excalidraw" not in html
