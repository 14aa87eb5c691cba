"""The ML system design method (issue 15): the re-sequenced approach, the rubric by feedback area
with a band per level, the prompts (a hint for every scored step, one primary metric), the probing
questions, the engineering primer and its latency figures, the named readings. Bad data is refused
with file, line and key path; the built pages show what the data holds."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from macros import MACROS, render
from macros.errors import GuideError
from macros.loader import load_guide
from tests.helpers import DATA, TextOf, main_content, page_html

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


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not found in the data file"
    return text.replace(old, new, 1)


def line_no(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def text_of(site, page: str) -> str:
    return " ".join(TextOf.of(main_content(page_html(site, page))).split())


# -- the data as it is -------------------------------------------------------------------------------

def test_the_method_runs_in_the_re_sequenced_order_and_keeps_time_for_a_deep_dive(guide):
    appr = guide.approach("ml-system-design")
    order = [s.id for s in appr.steps]
    assert order == ["requirements", "framing", "funnel", "estimation", "data", "features", "model",
                     "evaluation", "serving", "monitoring", "responsible", "deep-dive"]
    steps = {s.id: s for s in appr.steps}
    assert 7 <= steps["deep-dive"].minutes <= 10
    segment = next(s for s in guide.round_type("ml-system-design").segments if s.approach == appr.id)
    assert appr.total <= segment.minutes
    assert sum(s.minutes for s in guide.round_type("ml-system-design").segments) == 45
    assert "primary online metric" in steps["requirements"].goal and "ML at all" in steps["requirements"].goal
    assert guide.plan_estimates.design.approach == appr.id


def test_design_rubric_has_e4_e5_and_e6_in_separate_bands_over_feedback_areas(guide):
    rub = guide.rubric("ml-system-design")
    assert [a.name for a in rub.areas] == ["Problem navigation", "Training data", "Features", "Modelling",
                                          "Evaluation", "Deployment and safeguards",
                                          "Driving the round and managing time"]
    for row in rub.rows:
        assert [b.levels for b in row.bands] == [["E4"], ["E5"], ["E6"]], row.area
        e6 = " ".join(f"{b.weak} {b.solid} {b.strong}" for b in row.bands if b.levels == ["E6"])
        # E6 evidence is technical: no organisational talk standing in for it
        for phrase in ("shared infrastructure", "across quarters", "other teams"):
            assert phrase not in e6, (row.area, phrase)


def test_every_prompt_has_a_hint_per_scored_step_and_one_primary_metric(guide):
    scored = guide.rubric("ml-system-design").scored_steps()
    assert len(guide.prompts) >= 20
    for p in guide.prompts:
        assert sorted(p.hints) == sorted(scored), p.id
        assert not re.search(r";|/|\bor\b", p.primary_metric), p.id
        assert len(p.numbers) >= 2 and len(p.probes) >= 2 and p.e6_angle, p.id
    assert {p.difficulty for p in guide.prompts} == {"medium", "hard", "stretch"}


def test_the_slips_of_issue_15_stay_fixed(guide):
    hints = {p.id: p.hints for p in guide.prompts}
    assert "one sigmoid per policy" in hints["harmful-content-detection"]["framing"]
    assert "by author or near-duplicate cluster" in hints["harmful-content-detection"]["data"]
    assert "re-review" in hints["harmful-content-detection"]["evaluation"]
    assert "Uplift, not P(open)" in hints["notification-ranking"]["framing"]
    assert "e^z" in hints["video-recommendations"]["model"] and "not the sigmoid" in hints["video-recommendations"]["model"]
    assert "bid × estimated action rate + ad quality" in hints["ad-click-prediction"]["framing"]
    assert "top MLP over pairwise interactions and the dense vector" in hints["ad-click-prediction"]["model"]
    probes = {q.ask: q.listen_for for g in guide.probing_questions.groups for q in g.questions}
    assert "p99s do not add" in probes["Retrieval takes 20 ms at p99 and ranking 40 ms at p99. Is the end-to-end p99 60 ms?"]
    assert "shallow position tower" in probes["How do you handle position bias?"]


def test_readings_are_named_posts_not_blog_home_pages(guide):
    design = [r for r in guide.resources if "ml-system-design" in r.round_types]
    for r in design:
        path = urlsplit(str(r.url)).path.strip("/")
        # tools and services, and a book whose own site is its address
        if r.id not in ("excalidraw", "interviewing-io-mocks", "interviewing-io-recordings", "trustworthy-experiments"):
            assert path, f"{r.id} links a site's home page, not a named post, paper or book"
    ids = {r.id for r in design}
    assert {"fb-ads-click-prediction-2014", "youtube-dnn-2016", "dlrm-2019", "instagram-explore-2023",
            "meta-ad-auctions"} <= ids
    assert not ids & {"meta-engineering-blog", "meta-ai-blog", "netflix-tech-blog", "pinterest-engineering",
                      "linkedin-engineering"}


def test_latency_magnitudes_are_rendered_from_the_exponent(guide):
    assert render.magnitude(-7) == "100 ns" and render.magnitude(-4) == "100 µs"
    assert render.magnitude(-3) == "1 ms" and render.magnitude(-10) == "0.1 ns" and render.magnitude(0) == "1 s"
    html = render.latency_table(guide)
    assert "<td>100 µs to 1 ms</td>" in html
    assert guide.latency_figures.source in unescape(html)
    assert len(re.findall(r"<tr data-exponent=", html)) == len(guide.latency_figures.rows)


def test_new_macros_are_registered():
    assert {"prompt_index", "probing_questions", "latency_table"} <= set(MACROS)


# -- bad data ------------------------------------------------------------------------------------------

def test_a_prompt_without_a_hint_for_a_scored_step_is_refused(tmp_path):
    old = '      monitoring: "Per-head calibration daily'
    text = replace_once(GOOD, old, '      monitorin: "Per-head calibration daily')
    msg = error_for(tmp_path, text)
    assert "prompt 'feed-ranking' has no hint for step 'monitoring', which rubric 'ml-system-design' scores" in msg
    assert "unknown step 'monitorin'" in msg
    assert re.search(r"data/guide\.yml:\d+ at prompts\[0\]\.hints", msg)


def test_a_primary_metric_that_is_a_choice_is_refused(tmp_path):
    old = '    primary_metric: "Purchases per search session"'
    text = replace_once(GOOD, old, '    primary_metric: "Purchases or clicks per search session"')
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_no(text, 'Purchases or clicks')} at prompts[5].primary_metric" in msg
    assert "must be one metric" in msg and "found 'or'" in msg


def test_an_unknown_difficulty_is_refused(tmp_path):
    text = replace_once(GOOD, "    difficulty: stretch\n", "    difficulty: extreme\n")
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_no(text, 'difficulty: extreme')}" in msg and "difficulty" in msg


def test_a_probe_for_an_unknown_step_is_refused(tmp_path):
    text = replace_once(GOOD, "    - step: funnel\n      questions:", "    - step: funel\n      questions:")
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_no(text, '- step: funel')} at probing_questions.groups[2].step" in msg
    assert "unknown step 'funel' in approach 'ml-system-design'" in msg


def test_a_latency_exponent_out_of_range_is_refused(tmp_path):
    text = replace_once(GOOD, "      exponent: -10\n", "      exponent: -12\n")
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_no(text, 'exponent: -12')} at latency_figures.rows[0].exponent" in msg


# -- the built pages ---------------------------------------------------------------------------------

def test_chapter_follows_the_method_and_no_longer_carries_the_worked_example(built_site, guide):
    html = main_content(page_html(built_site, "ml-system-design"))
    heads = re.findall(r'<h3 id="(\d+)-[^"]*"', html)
    assert heads == [str(n) for n in range(1, 13)]
    text = " ".join(TextOf.of(html).split())
    for name in [s.name for s in guide.approach("ml-system-design").steps]:
        assert name in text
    # the funnel with each stage's objective, label, metric and latency
    assert re.search(r"<th[^>]*>Stage</th>\s*<th[^>]*>Objective</th>\s*<th[^>]*>Label it learns from</th>"
                     r"\s*<th[^>]*>Offline metric</th>\s*<th[^>]*>Latency \(suppose\)</th>", html)
    for stage in ("Retrieval", "First-stage ranking", "Second-stage ranking", "Re-ranking"):
        assert re.search(rf"<td>{stage}[^<]*</td>\s*<td>[^<]+</td>\s*<td>[^<]+</td>\s*<td>[^<]+</td>\s*<td>[^<]*ms[^<]*</td>",
                         html), stage
    # the worked example moved to the casebook; the chapter links it
    assert "Worked example: People You May Follow" not in text
    assert 'href="../cases/"' in html and "casebook" in text
    for phrase in ("p99 latencies do not add", "sample-ratio mismatch", "No peeking", "Triggered analysis",
                   "Counterfactual offline evaluation", "warm start", "Sharded embedding tables",
                   "value-function weights", "shallow position tower", "gap as long as"):
        assert phrase.lower() in text.lower(), phrase


def test_primer_has_exactly_the_shared_headings_and_the_latency_table(built_site, guide):
    html = main_content(page_html(built_site, "ml-engineering-primer"))
    h2 = re.findall(r'<h2 id="([^"]+)"', html)
    assert h2 == ["feature-stores", "streaming-and-batch-pipelines", "key-value-stores", "sharding-and-replication",
                  "nearest-neighbour-search", "caching", "latency-figures"]
    assert html.count("<tr data-exponent=") == len(guide.latency_figures.rows)
    assert "Latency Numbers Every Programmer Should Know" in unescape(html)
    nav = page_html(built_site, "ml-system-design")
    assert re.search(r'href="\.\./ml-engineering-primer/"', nav)


def test_every_prompt_is_on_one_of_the_two_prompt_pages_with_all_its_hints(built_site, guide):
    pages = {name: main_content(page_html(built_site, name)) for name in ("prompts", "prompts-harder")}
    scored = len(guide.rubric("ml-system-design").scored_steps())
    for p in guide.prompts:
        where = [n for n, html in pages.items() if f'id="prompt-{p.id}"' in html]
        assert where == (["prompts"] if p.difficulty == "medium" else ["prompts-harder"]), p.id
        card = re.search(rf'<section class="g-prompt" data-prompt="{p.id}".*?</section>', pages[where[0]], re.S).group(0)
        assert len(re.findall(r'<details data-step="', card)) == scored, p.id
        assert unescape(p.primary_metric) in unescape(card)
    # the index on the first page links each card where it is
    index = pages["prompts"]
    for p in guide.prompts:
        href = f"#prompt-{p.id}" if p.difficulty == "medium" else f"../prompts-harder/#prompt-{p.id}"
        assert f'href="{href}"' in index, p.id
    assert pages["prompts-harder"].count('class="g-probes__list"') == len(guide.probing_questions.groups)
    assert 'data-start-timer="ml-system-design"' in pages["prompts-harder"]


def test_practice_page_shows_a_rubric_table_per_level(built_site):
    html = main_content(page_html(built_site, "practice"))
    for lv in ("E4", "E5", "E6"):
        assert f"<caption>ML system design round at {lv}: what weak, solid and strong look like</caption>" in html


def test_framings_and_losses_page_keeps_the_corrected_definitions(built_site):
    text = text_of(built_site, "ml-framings-and-losses")
    assert "zero, one or several labels" in text and "one sigmoid per label" in text
    assert "rank by e z , not by the sigmoid of z" in text or "rank by e z, not by the sigmoid of z" in text
    assert "highest total value" in text and "bid × estimated action rate + ad quality" in text
    assert "logQ correction" in text
    chapter = text_of(built_site, "ml-system-design")
    assert "framings and losses page" in chapter
