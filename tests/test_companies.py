"""Companies (issue 13): every loop fact has sources and a month, the model refuses one without
them (or with a future or malformed month) naming the line and key path, the renderers show each
fact with its date, sources and staleness, the built pages show every company's loop without
JavaScript, and `python -m macros.cli stale` lists the old facts."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

import sitetools
from macros import render
from macros.cli import main as cli_main, stale_facts
from macros.errors import GuideError
from macros.loader import load_guide
from macros.model import Sourced, sourced_facts, this_month
from tests.helpers import DATA, page_html

GOOD = DATA.read_text(encoding="utf-8")
COMPANIES = ["meta", "google", "amazon", "microsoft", "apple"]


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


def error_for(tmp_path, text: str) -> str:
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as info:
        load_guide(path, display="data/guide.yml")
    return str(info.value)


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


# Google's "who decides": a loop fact with two sources and a month, unique in the file
DECIDES = """    decides:
      who: Hiring committee
      detail: A hiring manager can say no"""
GOOGLE_DECIDES_SOURCES = "      sources: [google-rework-committee, leonstaff-google-hc]\n      reported: 2026-02\n"


# -- the model ---------------------------------------------------------------------------------------

def test_real_data_has_five_companies_each_with_every_level(guide):
    assert [co.id for co in guide.companies] == COMPANIES
    for co in guide.companies:
        assert set(co.levels.names) == {lv.id for lv in guide.levels}
        for lv in guide.levels:
            guide.loop_for(co, lv.id)


def test_every_loop_fact_has_sources_and_a_month(guide):
    facts = list(sourced_facts(guide))
    assert len(facts) >= 30
    for path, _what, fact in facts:
        assert fact.sources and re.fullmatch(r"\d{4}-\d{2}", fact.reported), path
        for sid in fact.sources:
            guide.source(sid)


def test_sourced_facts_walks_every_sourced_value(guide):
    """Every Sourced object anywhere under `companies` is listed (so the stale command and the
    pages miss none)."""
    listed = {id(f) for _, _, f in sourced_facts(guide)}

    def walk(node):
        if isinstance(node, Sourced):
            yield node
        if isinstance(node, (list, tuple)):
            for x in node:
                yield from walk(x)
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                yield from walk(getattr(node, name))
    found = list(walk(guide.companies))
    assert found and all(id(f) in listed for f in found)


def test_a_fact_without_sources_is_refused_with_line_and_key_path(tmp_path):
    assert GOOGLE_DECIDES_SOURCES in GOOD
    text = GOOD.replace(GOOGLE_DECIDES_SOURCES, "      reported: 2026-02\n", 1)
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_of(text, 'detail: A hiring manager can say no') - 2} at companies[1].decides.sources: " \
           "required key 'sources' is missing" in msg


def test_a_fact_without_a_month_is_refused_with_line_and_key_path(tmp_path):
    text = GOOD.replace(GOOGLE_DECIDES_SOURCES, "      sources: [google-rework-committee]\n", 1)
    msg = error_for(tmp_path, text)
    assert "at companies[1].decides.reported: required key 'reported' is missing" in msg
    assert re.search(r"data/guide\.yml:\d+ at companies\[1\]\.decides\.reported", msg)


def test_an_empty_source_list_is_refused(tmp_path):
    text = GOOD.replace(GOOGLE_DECIDES_SOURCES, "      sources: []\n      reported: 2026-02\n", 1)
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_of(text, 'sources: []')} at companies[1].decides.sources" in msg


@pytest.mark.parametrize("month,expect", [
    ("2999-01", "is in the future"),
    ("2026-13", "is not a month"),
    ("'2026/02'", "String should match pattern"),
    ("'26-02'", "String should match pattern"),
])
def test_a_future_or_malformed_month_is_refused(tmp_path, month, expect):
    text = GOOD.replace(GOOGLE_DECIDES_SOURCES, f"      sources: [google-rework-committee]\n      reported: {month}\n", 1)
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_of(text, 'reported: ' + month)} at companies[1].decides.reported" in msg
    assert expect in msg


def test_this_month_is_accepted_and_next_month_is_not(tmp_path):
    now = this_month()
    y, m = (int(x) for x in now.split("-"))
    nxt = f"{y + (m == 12)}-{m % 12 + 1:02d}"
    ok = GOOD.replace(GOOGLE_DECIDES_SOURCES, f"      sources: [google-rework-committee, leonstaff-google-hc]\n      reported: {now}\n", 1)
    path = tmp_path / "ok.yml"
    path.write_text(ok, encoding="utf-8")
    assert load_guide(path).company("google").decides.reported == now
    assert "is in the future" in error_for(tmp_path, ok.replace(f"reported: {now}\n", f"reported: {nxt}\n", 1))


@pytest.mark.parametrize("old,new,expect", [
    ("      sources: [google-rework-committee, leonstaff-google-hc]",
     "      sources: [google-rework-committee, no-such-source]", "unknown source 'no-such-source'"),
    ("      names: {E4: L4, E5: L5, E6: L6}", "      names: {E4: L4, E5: L5}", "no name for level 'E6'"),
    ("      - levels: [E4, E5, E6]\n        stages:\n          - id: phone-screen\n            name: Technical screen",
     "      - levels: [E4, E5]\n        stages:\n          - id: phone-screen\n            name: Technical screen",
     "no loop for level 'E6' at Google"),
    ("              - {round_type: ml-breadth, count: {min: 1, max: 2}",
     "              - {round_type: ml-width, count: {min: 1, max: 2}", "unknown round type 'ml-width'"),
    ("            alternative_to: onsite\n", "            alternative_to: onsight\n", "'onsight' is not another stage"),
    ("      when: before-or-after", "      when: sometimes", "Input should be"),
])
def test_bad_company_data_is_refused_with_line_and_key_path(tmp_path, old, new, expect):
    assert old in GOOD, old
    text = GOOD.replace(old, new, 1)
    msg = error_for(tmp_path, text)
    assert expect in msg
    assert re.search(r"data/guide\.yml:\d+ at companies\[\d\]", msg), msg


def test_a_source_nobody_cites_and_a_stage_no_loop_uses_are_refused(tmp_path):
    text = GOOD.replace("sources:\n  - id: seed-draft\n", "sources:\n  - id: unused-page\n    title: T\n    publisher: P\n"
                        "  - id: seed-draft\n", 1)
    assert "source 'unused-page' is cited by no fact" in error_for(tmp_path, text)
    text = GOOD.replace("            stage: phone-screen\n", "            name: Phone screen\n            minutes: 45\n")
    msg = error_for(tmp_path, text)
    assert "stage 'phone-screen' is in no company's loop" in msg and "at stages[0]" in msg


def test_a_link_must_be_https(tmp_path):
    text = GOOD.replace("url: https://spacecomplexity.ai/blog/meta-onsite-interview",
                        "url: http://spacecomplexity.ai/blog/meta-onsite-interview", 1)
    assert "links must use https" in error_for(tmp_path, text)


# -- renderers ---------------------------------------------------------------------------------------

def test_stale_is_more_than_twelve_months():
    assert not render.is_stale("2025-12", "2026-12")
    assert render.is_stale("2025-11", "2026-12")
    assert render.is_stale("2023-07", "2026-12") and not render.is_stale("2026-12", "2026-12")


def test_loop_card_shows_each_fact_with_its_month_and_linked_sources(guide):
    html = render.loop_card(guide, "meta")
    for name in ("Phone screen", "Onsite", "Onsite, classic format"):
        assert f">{name}</th>" in html or f"{name}</th>" in html
    assert "1 × Coding (45 min), 1 × AI-assisted coding (60 min)" in html
    assert "2 × Coding (45 min), 1 × ML system design (45 min)" in html   # the classic format, E4 and E5
    assert "reported May 2026" in html and "reported Jul 2023" in html and "checked Dec 2026" in html
    # every citation points at an entry of the card's source list, each with its https link or name
    cites = set(re.findall(r'class="g-cite" href="#([^"]+)"', html))
    entries = set(re.findall(r'<li id="([^"]+)">', html))
    assert cites and cites == entries
    assert '<a href="https://handbook-dsa.pages.dev/' in html
    assert "<cite>The source draft of this guide (an engineer&#39;s own Meta MLE loop)</cite>" in html


def test_stale_mark_follows_the_month(guide):
    html = render.loop_card(guide, "microsoft")
    rows = re.findall(r"<tr>.*?</tr>|<li><strong>.*?</li>", html, re.S)
    as_appropriate = next(r for r in rows if "As-appropriate interview" in r)
    recent = next(r for r in rows if "Onsite loop" in r)
    assert "may be out of date" in as_appropriate and "may be out of date" not in recent
    fresh = guide.model_copy(deep=True)
    object.__setattr__(fresh.company("microsoft").loops[0].stages[1], "reported", this_month())
    assert "may be out of date" not in next(r for r in re.findall(r"<tr>.*?</tr>", render.loop_card(fresh, "microsoft"), re.S)
                                            if "As-appropriate" in r)


def test_round_types_by_company(guide):
    html = render.round_types_by_company(guide, cards="../companies/")
    def row(cid):
        return re.findall(r"<td>(.*?)</td>", re.search(rf'<tr data-company="{cid}">(.*?)</tr>', html).group(1))
    heads = re.findall(r'<th scope="col">([^<]+)</th>', html)
    col = {name: i - 1 for i, name in enumerate(heads)}
    assert row("meta")[col["AI-assisted coding"]] == "1 × 60 min"
    assert row("meta")[col["ML system design"]] == "E4 and E5: 1 × 45 min; E6: 2 × 45 min"
    assert row("google")[col["Coding"]] == "2–4 × 45 min"
    assert row("google")[col["AI-assisted coding"]] == "—"
    assert row("microsoft")[col["Coding"]] == "yes"
    assert '<a href="../companies/#google">Google</a>' in html
    assert "Meta, in some loops: E4 and E5: 2 × Coding (45 min)" in html


def test_level_map(guide):
    html = render.level_map(guide)
    cells = re.findall(r'<td data-level="(E\d)">([^<]+)</td>', re.search(r'<tr data-company="amazon">.*?</tr>', html).group(0))
    assert cells == [("E4", "L5"), ("E5", "L6"), ("E6", "L7")]
    assert "hellointerview.com" in html and "may be out of date" in html


def test_your_loop_and_timers_follow_the_data(guide):
    html = render.your_loop(guide, timers="../companies/")
    google_e5 = re.search(r'data-company="google" data-level="E5">(.*?)</div>', html, re.S).group(1)
    assert "Google, L5" in google_e5 and "Technical screen: 1 × Coding (45 min)" in google_e5
    assert '<a href="../companies/#timer-ai-assisted-coding">AI-assisted coding</a>' in google_e5 or \
        "AI-assisted" not in google_e5
    assert '<a href="../companies/#timer-ml-breadth">ML breadth</a>' in google_e5
    # the first-paint rules hide every other company's blocks once a company is chosen
    assert 'html[data-g-company="google"] .g-your-loop [data-company]:not([data-company="google"])' in html
    timers = render.loop_timers(guide)
    ids = re.findall(r'\{ #timer-([a-z-]+) \}', timers)
    assert {"coding", "ai-assisted-coding", "ml-system-design", "behavioral", "ml-depth"} <= set(ids)
    assert 'html[data-g-company="google"][data-g-level="E5"] #timer-ai-assisted-coding' in timers
    assert 'html[data-g-company="meta"][data-g-level="E5"] #timer-ai-assisted-coding' not in timers


# -- the stale command -------------------------------------------------------------------------------

def test_stale_command_lists_old_facts_with_line_path_month_and_sources(capsys):
    facts = stale_facts(str(DATA), today="2026-12")
    by_path = {f["path"]: f for f in facts}
    old = by_path["companies[3].loops[0].stages[1]"]  # Microsoft's as-appropriate interview, 2011
    assert old["reported"] == "2011-12" and old["line"] == line_of(GOOD, "reported: 2011-12")
    assert any("verespej.com" in s for s in old["sources"])
    assert "companies[0].loops[0].stages[1]" not in by_path  # Meta's onsite, May 2026
    assert facts == sorted(facts, key=lambda f: (f["reported"], f["line"]))
    assert stale_facts(str(DATA), today="2011-12") == []
    assert cli_main(["stale"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^data/guide\.yml:\d+ at companies\[3\]\.loops\[0\]\.stages\[1\]: .*reported 2011-12", out, re.M)
    assert "    source: The On-Campus Interview Process at Microsoft (https://" in out


def test_stale_command_reports_bad_data_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "guide.yml"
    bad.write_text(GOOD.replace(GOOGLE_DECIDES_SOURCES, "      reported: 2026-02\n", 1), encoding="utf-8")
    assert cli_main(["stale", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "required key 'sources' is missing" in err and "Traceback" not in err


# -- the built pages ---------------------------------------------------------------------------------

def test_every_company_loop_reads_without_javascript(built_site, guide):
    html = page_html(built_site, "companies")
    for co in guide.companies:
        assert f'<h2 id="{co.id}">' in html
        card = re.search(rf'<div class="g-loop-card" data-company="{co.id}">(.*?)</details>', html, re.S).group(1)
        for loop in co.loops:
            for st in loop.stages:
                assert (st.name or guide.stage(st.stage).name) in card
        assert "Who decides:" in card and "Team matching:" in card and "hidden" not in card
    # the hiding rules only apply once <html> carries a choice, which only the scripts set
    assert "data-g-company=" not in re.search(r"<html[^>]*>", html).group(0)


def test_sources_are_linked_from_every_fact(built_site):
    html = page_html(built_site, "companies")
    ids = set(re.findall(r' id="([^"]+)"', html))
    cites = re.findall(r'class="g-cite" href="#([^"]+)"', html)
    assert len(cites) >= 40 and set(cites) <= ids
    links = re.findall(r'<li id="[a-z]+-src-\d+"><a href="([^"]+)"', html)
    assert links and all(u.startswith("https://") for u in links)


def test_process_and_home_show_the_loop_from_the_data(built_site, guide):
    process = page_html(built_site, "process")
    assert '<h3 id="round-types-by-company">Round types by company' in process
    assert 'id="how-other-big-tech-companies-differ"' in process and 'id="5-team-matching"' in process
    assert "Meta's loop by level" in process and 'aria-label="Onsite by level"' in process
    for page in ("", "companies"):
        html = page_html(built_site, page)
        blocks = re.findall(r'<div class="g-your-loop__level" data-company="([a-z]+)" data-level="(E\d)">', html)
        assert blocks == [(c, lv.id) for c in COMPANIES for lv in guide.levels], page
        assert 'name="g-company"' in html


def test_stale_mark_appears_for_an_old_fact_in_a_scratch_copy(scratch_project, tmp_path):
    data = scratch_project / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    apple_team = ("      detail: You apply to one team, and your interviewers are your prospective teammates.\n"
                  "      sources: [resumeadapter-apple, fourleaf-apple]\n      reported: 2026-06\n")
    assert apple_team in text

    def team_item(out):
        card = re.search(r'data-company="apple">(.*?)</details>', page_html(out, "companies"), re.S).group(1)
        return re.search(r"<li><strong>Team matching:</strong>.*?</li>", card, re.S).group(0)
    fresh = tmp_path / "fresh"
    assert sitetools.build(fresh, project=scratch_project).returncode == 0
    assert "may be out of date" not in team_item(fresh) and "reported Jun 2026" in team_item(fresh)
    data.write_text(text.replace(apple_team, apple_team.replace("2026-06", "2020-01")), encoding="utf-8")
    old = tmp_path / "old"
    result = sitetools.build(old, project=scratch_project)
    assert result.returncode == 0, result.stderr
    assert "may be out of date" in team_item(old) and "reported Jan 2020" in team_item(old)


def test_a_loop_fact_without_a_source_stops_the_build(scratch_project, tmp_path):
    data = scratch_project / "data" / "guide.yml"
    data.write_text(GOOD.replace(GOOGLE_DECIDES_SOURCES, "      reported: 2026-02\n", 1), encoding="utf-8")
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert result.returncode != 0
    assert re.search(r"data/guide\.yml:\d+ at companies\[1\]\.decides\.sources: required key 'sources' is missing",
                     result.stdout + result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
