"""Practice tools (issue 8): the study planner's estimates and the scoring rubrics in the data
model (bad data is refused with file, line and key path), their renderers, the built pages, and
the planner's JavaScript logic under Node's own test runner (tests/js/)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape

import pytest

from macros import MACROS, render
from macros.errors import GuideError
from macros.loader import load_guide
from tests.helpers import DATA, ROOT, main_content, page_html

GOOD = DATA.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


def error_for(tmp_path, text: str) -> str:
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as info:
        load_guide(path, display="data/guide.yml")
    return str(info.value)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in text"
    return hits[nth - 1]


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not found in the data file"
    return text.replace(old, new, 1)


def block(text: str, start: str, indent: str) -> str:
    """The lines of the list item that starts with `start`, up to the next item at the same indent."""
    i = text.index(start)
    end = text.find("\n" + indent + "- ", i + len(start))
    return text[i:end + 1]


# -- the real data ---------------------------------------------------------------------------------

def test_every_step_and_signal_has_a_rubric_row_for_every_level(guide):
    msd = guide.rubric("ml-system-design")
    # rows follow the feedback areas; the areas cover every step of the approach exactly once
    assert [r.area for r in msd.rows] == [a.id for a in msd.areas]
    assert sorted(msd.scored_steps()) == sorted(s.id for s in guide.approach(msd.approach).steps)
    beh = guide.rubric("behavioral")
    assert [r.signal for r in beh.rows] == [s.id for s in guide.signals]
    for rub in (msd, beh):
        for row in rub.rows:
            covered = sorted(lv for band in row.bands for lv in band.levels)
            assert covered == sorted(lv.id for lv in guide.levels)


def test_every_coding_roadmap_step_has_an_estimate(guide):
    est = guide.plan_estimates
    rm = guide.roadmap(est.coding.roadmap)
    assert [r.step for r in est.coding.steps] == [s.id for s in rm.steps]
    assert est.note and "estimate" in est.note.lower()


# -- bad data ---------------------------------------------------------------------------------------

def test_missing_rubric_row_is_refused(tmp_path):
    row = block(GOOD, "      - area: deployment\n", "      ")
    text = GOOD.replace(row, "", 1)
    msg = error_for(tmp_path, text)
    assert "rubric 'ml-system-design' has no row for area 'deployment'" in msg
    assert "rubrics[0].rows" in msg
    assert f"data/guide.yml:{line_of(text, '    rows:')}" in msg


def test_missing_signal_row_is_refused(tmp_path):
    row = block(GOOD, "      - signal: conflict\n", "      ")
    msg = error_for(tmp_path, GOOD.replace(row, "", 1))
    assert "rubric 'behavioral' has no row for signal 'conflict' of signals" in msg


def test_a_level_without_a_band_is_refused(tmp_path):
    text = replace_once(GOOD, "      - area: training-data\n        bands:\n          - levels: [E4]",
                        "      - area: training-data\n        bands:\n          - levels: [E6]")
    msg = error_for(tmp_path, text)
    assert "level 'E4' is described 0 times in this row" in msg and "rubrics[0].rows[1].bands" in msg
    assert "level 'E6' is described 2 times in this row" in msg


@pytest.mark.parametrize("old,new,expect", [
    ("      - area: deployment\n        bands:", "      - area: deploy\n        bands:",
     "unknown area 'deploy' in the areas of rubric 'ml-system-design'"),
    ("      - area: deployment\n        bands:", "      - step: serving\n        bands:",
     "names a 'area' (it has areas)"),
    ("        steps: [serving, monitoring, responsible]\n", "        steps: [serving, monitoring, responsible, data]\n",
     "step 'data' is already scored by area 'training-data'"),
    ("        steps: [serving, monitoring, responsible]\n", "        steps: [serving, monitoring, responsible, servin]\n",
     "unknown step 'servin' in approach 'ml-system-design'"),
    ("    approach: ml-system-design\n    intro:", "    approach: coding-problem\n    intro:",
     "approach 'coding-problem' is for round type 'coding'"),
    ("      - signal: growth\n", "      - signal: growthh\n", "unknown signal 'growthh'"),
])
def test_bad_rubric_references(tmp_path, old, new, expect):
    text = replace_once(GOOD, old, new)
    msg = error_for(tmp_path, text)
    assert expect in msg
    assert f"data/guide.yml:{text[:text.index(new)].count(chr(10)) + 1}" in msg


def test_a_step_in_no_area_is_refused(tmp_path):
    text = replace_once(GOOD, "        steps: [serving, monitoring, responsible]\n", "        steps: [serving, monitoring]\n")
    msg = error_for(tmp_path, text)
    assert "step 'responsible' of approach 'ml-system-design' is in no area of rubric 'ml-system-design'" in msg
    assert f"data/guide.yml:{line_of(text, '    areas:')} at rubrics[0].areas" in msg


@pytest.mark.parametrize("value", ["0", "-2"])
def test_non_positive_hours_are_refused(tmp_path, value):
    text = replace_once(GOOD, "    hours_per_prompt: 1.5\n", f"    hours_per_prompt: {value}\n")
    msg = error_for(tmp_path, text)
    assert "plan_estimates.design.hours_per_prompt" in msg and "greater than 0" in msg
    assert f"data/guide.yml:{line_of(text, 'hours_per_prompt:')}" in msg


def test_non_positive_coding_hours_are_refused(tmp_path):
    text = replace_once(GOOD, "        hours: 25\n", "        hours: 0\n")
    msg = error_for(tmp_path, text)
    assert re.search(r"plan_estimates\.coding\.steps\[\d+\]\.hours", msg) and "greater than 0" in msg


def test_hours_must_be_quarter_hours(tmp_path):
    msg = error_for(tmp_path, replace_once(GOOD, "    hours_per_story: 1.5\n", "    hours_per_story: 1.3\n"))
    assert "plan_estimates.behavioral.hours_per_story" in msg and "multiple of 0.25" in msg


def test_a_roadmap_step_without_an_estimate_is_refused(tmp_path):
    row = block(GOOD, "      - step: class-design\n", "      ")
    msg = error_for(tmp_path, GOOD.replace(row, "", 1))
    assert "roadmap 'coding' step 'class-design' has no estimate" in msg


@pytest.mark.parametrize("old,new,expect", [
    ("        hours_per_topic: 2\n", "        hours: 2\n", "step 'learn-cards' has 11 topics: give 'hours_per_topic'"),
    ("      - step: timed-practice\n        hours: 4\n", "      - step: timed-practice\n        hours_per_topic: 4\n",
     "step 'timed-practice' has no topics: give 'hours'"),
    ("      - step: timed-practice\n", "      - step: timed-practise\n", "unknown step 'timed-practise' of roadmap 'coding'"),
    ("    roadmap: coding\n    steps:", "    roadmap: codin\n    steps:", "unknown roadmap 'codin'"),
    ("  design:\n    approach: ml-system-design", "  design:\n    approach: ml-design", "unknown approach 'ml-design'"),
])
def test_bad_estimates(tmp_path, old, new, expect):
    msg = error_for(tmp_path, replace_once(GOOD, old, new))
    assert expect in msg and "plan_estimates" in msg


def test_unknown_key_in_estimates_is_refused(tmp_path):
    text = replace_once(GOOD, "    hours_per_mock: 2\n", "    hours_per_mock: 2\n    hours_per_mok: 2\n")
    msg = error_for(tmp_path, text)
    assert "unknown key 'hours_per_mok'" in msg and f"data/guide.yml:{line_of(text, 'hours_per_mok')}" in msg


# -- renderers ---------------------------------------------------------------------------------------

def test_new_macros_are_registered():
    assert {"study_planner", "plan_estimates", "rubric", "story_bank"} <= set(MACROS)


def test_loop_minutes_follow_the_onsite_rounds(guide):
    onsite = guide.stage("onsite")
    for lv in ("E4", "E6"):
        rounds = guide.format_for(onsite, lv).rounds
        minutes = render.loop_minutes(guide, lv)
        design = guide.round_type("ml-system-design").minutes * rounds["ml-system-design"]
        assert minutes["ml-system-design"] == design  # no phone-screen design segment at any level
        assert render.onsite_rounds(guide, lv) == {rt.id: rounds.get(rt.id, 0) for rt in guide.round_types}
    e4, e6 = render.loop_minutes(guide, "E4"), render.loop_minutes(guide, "E6")
    assert e6["ml-system-design"] > e4["ml-system-design"] and e6["behavioral"] > e4["behavioral"]


def test_plan_tasks_cover_the_roadmap_prompts_and_signals(guide):
    areas = {a["id"]: a["tasks"] for a in render.plan_tasks(guide)}
    assert list(areas) == [rt.id for rt in guide.round_types]
    ids = [t["id"] for tasks in areas.values() for t in tasks]
    assert len(ids) == len(set(ids))
    topics = [t for s in guide.roadmap("coding").steps for t in s.topics]
    assert sum(1 for t in areas["coding"] if t["title"].startswith("Learn card: ")) == len(topics)
    assert {f"design-prompt-{p.id}" for p in guide.prompts} <= set(ids)
    stories = [t for t in areas["behavioral"]]
    assert len(stories) == len(guide.signals) * guide.plan_estimates.behavioral.stories_per_signal
    assert all(t["hours"] > 0 for tasks in areas.values() for t in tasks)


def test_planner_html_carries_the_data_and_works_without_javascript(guide):
    html = render.study_planner(guide)
    data = json.loads(unescape(re.search(r'data-planner="([^"]*)"', html).group(1)))
    assert data == json.loads(json.dumps(render.plan_data(guide)))
    # the form is in the HTML, shown from the first paint; practice.css hides .g-ctl with JavaScript off
    assert '<form class="g-ctl g-planner__form">' in html
    assert "<noscript>" in html
    assert [o for o in re.findall(r'<option value="(E\d)"', html)] == [lv.id for lv in guide.levels]
    assert re.findall(r'<option value="(E\d)" selected>', html) == [guide.levels[1].id], "the level practice-ui.js picks"


def test_estimates_table_totals(guide):
    rows = render.estimate_rows(guide)
    total = rows[-1]
    est = guide.plan_estimates
    fixed = sum(t["hours"] for a in render.plan_tasks(guide) for t in a["tasks"])
    for lv in guide.levels:
        mocks = est.mocks.per_round * sum(render.onsite_rounds(guide, lv.id).values())
        assert f"{fixed + mocks * est.mocks.hours_per_mock:g} at" in total["total"]
    html = render.plan_estimates(guide)
    assert "Estimates, not measurements." in html and est.note in unescape(html)


def test_rubric_renders_one_table_per_band_with_scoring_controls(guide):
    html = render.rubric(guide, "ml-system-design")
    # E4, E5 and E6 each have a band of their own, so a table of their own, labelled with the level
    assert re.findall(r'data-levels="([^"]+)"', html) == ["E4", "E5", "E6"]
    for lv in ("E4", "E5", "E6"):
        assert f"<caption>ML system design round at {lv}: what weak, solid and strong look like</caption>" in html
    areas = guide.rubric("ml-system-design").areas
    # controls (class g-ctl, which practice.css hides with JavaScript off) are in the HTML, not added later
    assert len(re.findall(r'<input type="radio" class="g-ctl g-score"[^>]*>', html)) == 3 * 3 * len(areas)
    assert " hidden" not in html
    assert html.count('<tr data-row="deployment">') == 3
    assert "Driving the round and managing time" in html and "<th scope=\"col\">Feedback area</th>" in html
    # each area says which steps of the method it scores
    assert '<span class="g-rubric__steps">Steps: Serving; Monitoring and iteration; Privacy, integrity and fairness</span>' in html
    # the list's empty state, as practice-ui.js draws it, so mounting it moves nothing
    assert re.search(r'<div class="g-ctl g-rubric__focus"><h3>Where to focus</h3><p>Score your last mock round above[^<]*</p>'
                     r'<p><button type="button" class="g-btn" data-act="clear-scores" disabled>Clear these scores</button></p></div>', html)
    with pytest.raises(KeyError):
        render.rubric(guide, "nope")


def test_prompt_cards_offer_the_timer(guide):
    html = render.prompt_cards(guide)
    buttons = re.findall(r'<p class="g-ctl g-prompt__start"><button type="button" class="g-btn" '
                         r'data-start-timer="ml-system-design" data-prompt="([a-z0-9-]+)"', html)
    assert buttons == [p.id for p in guide.prompts]
    assert "data-start-timer" not in render.prompt_cards(guide, None)
    with pytest.raises(KeyError):
        render.prompt_cards(guide, "no-such-round")


def test_story_bank_has_a_row_per_signal(guide):
    html = render.story_bank(guide)
    assert re.findall(r'<tr data-signal="([a-z-]+)" class="g-gap">', html) == [s.id for s in guide.signals]
    assert re.findall(r'name="signal" value="([a-z-]+)"', html) == [s.id for s in guide.signals]
    # the empty state practice-ui.js draws is already there: no story yet, in every row and below the form
    assert html.count('<strong class="g-story-bank__none">No story yet</strong>') == len(guide.signals)
    assert '<form class="g-ctl g-story-bank__form">' in html and 'class="g-story-bank__status">No stories yet.' in html


# -- the planner's logic, under Node's test runner -----------------------------------------------------

def test_planner_core_node_tests(guide, tmp_path):
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI"):
            pytest.fail("node is missing; the planner's unit tests need Node.js 18 or newer")
        pytest.skip("node is missing")
    data = tmp_path / "plan-data.json"
    data.write_text(json.dumps(render.plan_data(guide)), encoding="utf-8")
    run = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PLAN_DATA": str(data)})
    report = run.stdout + run.stderr
    assert run.returncode == 0, f"node --test tests/js/ failed:\n{report[-4000:]}"
    passed = int(re.search(r"^# pass (\d+)", report, re.M).group(1))
    assert re.search(r"^# skipped 0", report, re.M), "a Node test was skipped (the real data was not used?)"
    assert passed >= 14, report[-2000:]


# -- the built site --------------------------------------------------------------------------------------

def test_pages_are_in_the_nav_after_wrap_up_and_linked(built_site):
    html = page_html(built_site, "wrap-up")
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    names = list(dict.fromkeys(n for n in nav if n in ("Wrap-up", "Study planner", "Practice scoring", "Checklists")))
    assert names[:4] == ["Wrap-up", "Study planner", "Practice scoring", "Checklists"], names
    assert 'href="../planner/"' in main_content(html)


@pytest.mark.parametrize("page", ["planner", "practice"])
def test_practice_pages_have_a_description(built_site, page):
    source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    desc = re.search(r"^description:\s*(.+)$", source, re.M).group(1).strip()
    assert 50 <= len(desc) <= 170, len(desc)
    assert f'<meta name="description" content="{desc}"' in page_html(built_site, page).replace("&#39;", "'")


def test_practice_script_on_every_page_and_tools_only_where_shown(built_site):
    for path in built_site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if "assets/guide.js" in html:
            # a <script src> or, since scripts load after the first paint, an entry of the loader's list
            assert re.search(r'"[./]*assets/practice\.js"', html), path
        for tool in ("planner-core.js", "practice-ui.js", "prompt-timer.js", "practice.css"):
            assert tool not in html, f"{path} loads {tool}: only practice.js loads it, on the pages that need it"
        # the tools' styles are inlined in <head> on the pages that show a tool, and only there
        tool = any(f'class="{c}"' in html for c in ("g-planner", "g-rubric", "g-story-bank", "g-prompts"))
        head = html[:html.index("</head>")]
        assert ("<style data-practice-css>" in head) == tool, path
        assert html.count("data-practice-css") == tool, path
    for name in ("planner", "practice", "prompts"):
        style = re.search(r"<style data-practice-css>(.*?)</style>", page_html(built_site, name), re.S)
        assert style and ".g-off .g-ctl" in style.group(1) and "/*" not in style.group(1).replace("/**/", ""), name
    planner = main_content(page_html(built_site, "planner"))
    assert "data-planner=" in planner and "estimates, in hours</caption>" in planner
    practice = main_content(page_html(built_site, "practice"))
    assert practice.count('class="g-rubric"') == 2 and 'class="g-story-bank"' in practice
    assert 'data-start-timer="ml-system-design"' in page_html(built_site, "prompts")
