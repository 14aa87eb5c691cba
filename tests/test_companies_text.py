"""Issue 13, text half: Amazon's Leadership Principles in the data and on the behavioral page, the
preparation schedule that the coding and wrap-up chapters quote, and "say it once" for the loop
format and for "coding is the bar"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros import render
from macros.loader import load_guide
from tests.helpers import DATA, ROOT, TextOf, main_content, page_html
from tests.test_data_model import GOOD, error_for, line_of, replace_once

DOCS = ROOT / "docs"

# The list as published on amazon.jobs (checked 2026-12): fourteen principles, plus the two added in July 2021.
AMAZON_PRINCIPLES = [
    "Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot", "Learn and Be Curious",
    "Hire and Develop the Best", "Insist on the Highest Standards", "Think Big", "Bias for Action", "Frugality",
    "Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit", "Deliver Results",
    "Strive to be Earth's Best Employer", "Success and Scale Bring Broad Responsibility",
]


# -- the data -------------------------------------------------------------------------------------

def test_real_data_has_the_sixteen_principles_with_a_dated_source():
    guide = load_guide(DATA)
    lp = guide.leadership_principles
    assert lp is not None and lp.company == "Amazon"
    assert [p.name for p in lp.principles] == AMAZON_PRINCIPLES
    assert str(lp.url).startswith("https://www.amazon.jobs/")
    assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", lp.checked)
    signals = {s.id for s in guide.signals}
    assert all(set(p.signals) <= signals for p in lp.principles)
    # the mapping says something: most principles reach a signal area, some honestly reach none
    mapped = [p for p in lp.principles if p.signals]
    assert len(lp.principles) // 2 < len(mapped) < len(lp.principles)


def test_unknown_signal_in_a_principle_is_refused_with_its_line(tmp_path):
    bad = replace_once(GOOD, "      signals: [conflict]\n      question: \"Tell me about a time you disagreed",
                       "      signals: [conflicts-typo]\n      question: \"Tell me about a time you disagreed")
    msg = error_for(tmp_path, bad)
    assert f"data/guide.yml:{line_of(bad, 'signals: [conflicts-typo]')}" in msg
    assert "leadership_principles.principles[12].signals[0]" in msg
    assert "unknown signal 'conflicts-typo'" in msg


def test_duplicate_principle_name_is_refused(tmp_path):
    bad = replace_once(GOOD, "      name: Frugality\n", "      name: Dive Deep\n")
    msg = error_for(tmp_path, bad)
    assert "leadership_principles.principles[11].name" in msg and "duplicate name 'Dive Deep'" in msg


@pytest.mark.parametrize("old,new,expect", [
    ("  checked: 2026-12\n", "  checked: 2026-13\n", "leadership_principles.checked"),
    ("  checked: 2026-12\n", "  checked: December 2026\n", "leadership_principles.checked"),
    ("  url: https://www.amazon.jobs/", "  url: http://www.amazon.jobs/", "leadership_principles.url"),
    ("      meaning: Do more with less;", "      summary: Do more with less;", "unknown key 'summary'"),
])
def test_bad_source_fields_are_refused(tmp_path, old, new, expect):
    msg = error_for(tmp_path, replace_once(GOOD, old, new))
    assert "data/guide.yml:" in msg and expect in msg


def test_schedule_is_checked_against_its_timeline(tmp_path):
    guide = load_guide(DATA)
    sch = guide.schedule
    assert sch.roadmap in {r.id for r in guide.roadmaps}
    assert sch.phone_screen_week < sch.mock_week <= sch.weeks
    msg = error_for(tmp_path, replace_once(GOOD, "  mock_week: 7\n", "  mock_week: 5\n"))
    assert "schedule.mock_week" in msg and "must come after the phone screen" in msg
    msg = error_for(tmp_path, replace_once(GOOD, "  phone_screen_week: 6\n", "  phone_screen_week: 9\n"))
    assert "schedule.phone_screen_week" in msg and "after the end of the 8-week timeline" in msg
    msg = error_for(tmp_path, replace_once(GOOD, "  roadmap: timeline\n", "  roadmap: timelines\n"))
    assert "schedule.roadmap" in msg and "unknown roadmap 'timelines'" in msg


# -- the renderer and the built page -------------------------------------------------------------

def test_principles_table_renders_every_row_and_its_source():
    guide = load_guide(DATA)
    html = render.leadership_principles_table(guide)
    rows = re.findall(r'<tr id="lp-([a-z0-9-]+)"><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', html)
    assert [r[0] for r in rows] == [p.id for p in guide.leadership_principles.principles]
    names = {s.id: s.name for s in guide.signals}
    for (pid, _, _, cell), p in zip(rows, guide.leadership_principles.principles):
        if p.signals:
            assert cell == ", ".join(names[s] for s in p.signals)
        else:
            assert cell.startswith(render.DASH)
    assert "December 2026" in html and 'href="https://www.amazon.jobs/' in html
    assert render.month_label("2021-07") == "July 2021"


def test_company_behavioral_page_shows_the_principles_from_the_data(built_site):
    guide = load_guide(DATA)
    content = main_content(page_html(built_site, "company-behavioral"))
    table = re.search(r'<table class="g-principles">(.*?)</table>', content, re.S)
    assert table, "the behavioral-by-company page has no Leadership Principles table"
    heads = [TextOf.of(h).strip() for h in re.findall(r'<th scope="row">(.*?)</th>', table.group(1), re.S)]
    assert heads == [p.name for p in guide.leadership_principles.principles]
    assert f"{len(AMAZON_PRINCIPLES)} Leadership Principles" in table.group(1)
    after = content[table.end():table.end() + 600]
    assert "amazon.jobs" in after and "checked December 2026" in after
    text = TextOf.of(content)
    for heading in ("The Bar Raiser", "Google: hypothetical questions and Googleyness", "Why this company"):
        assert heading in text
    for company in ("Meta", "Google", "Amazon", "Microsoft", "Apple"):
        assert re.search(rf'<dt>{company}</dt>', content), f"'why this company' has no entry for {company}"


def test_practice_questions_one_per_principle(built_site):
    guide = load_guide(DATA)
    content = main_content(page_html(built_site, "company-behavioral"))
    block = re.search(r'<ol class="g-principle-questions">(.*?)</ol>', content, re.S)
    assert block, "no practice questions on the behavioral-by-company page"
    items = re.findall(r"<li><strong>(.*?)</strong>: “(.*?)”</li>", block.group(1))
    assert [n for n, _ in items] == [p.name.replace("'", "&#39;") for p in guide.leadership_principles.principles]
    assert all(q.endswith(("?", ".")) for _, q in items)
    assert len({q for _, q in items}) == len(items), "two principles share a practice question"


def test_a_principle_without_a_question_is_refused(tmp_path):
    bad = replace_once(GOOD, '      question: "Tell me about a time you delivered with far fewer', '      # "Tell me')
    msg = error_for(tmp_path, bad)
    assert "leadership_principles.principles[9].question" in msg and "missing" in msg.lower()


def test_embracing_ambiguity_is_never_presented_as_meta_wording():
    for md in DOCS.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        for m in re.finditer(r"embracing ambiguity", text, re.I):
            around = text[max(0, m.start() - 400):m.end() + 200]
            assert "not a name Meta publishes" in around or "his wording" in around, \
                f"{md.name}: 'Embracing ambiguity' must be attributed to its source, not presented as Meta's own wording"


# -- the schedule: one set of numbers for coding and wrap-up --------------------------------------

def test_phone_screen_and_mock_timing_come_from_the_data(built_site):
    guide = load_guide(DATA)
    sch = guide.schedule
    for name in ("coding.md", "wrap-up.md"):
        source = (DOCS / name).read_text(encoding="utf-8")
        assert 'fact("schedule.phone_screen_week")' in source, f"docs/{name} types the phone-screen week by hand"
        assert 'fact("schedule.coding_mocks_before_phone_screen")' in source
        assert not re.search(r"\bweek (?:six|6)\b|\btwo mocks before\b", source, re.I), \
            f"docs/{name} repeats a schedule number by hand"
    wrap = TextOf.of(main_content(page_html(built_site, "wrap-up")))
    assert f"end of week {sch.phone_screen_week}" in " ".join(wrap.split())
    coding = " ".join(TextOf.of(main_content(page_html(built_site, "coding"))).split())
    assert f"end of week {sch.phone_screen_week}" in coding
    assert f"at least {sch.coding_mocks_before_phone_screen} mocks before the phone screen" in coding


# -- say it once: the loop format and "coding is the bar" -----------------------------------------

NUM = r"(?:\d+|one|two|three|four)"
REPEATS = {
    "a count of rounds by type (the loop format)": re.compile(
        rf"\b{NUM}\s+(?:classic\s+|plain\s+)?(?:coding|ml system design|behavioral|ai-assisted coding|ml breadth|"
        rf"ml coding|ml depth)\s+rounds?\b", re.I),
    "'coding is the bar'": re.compile(
        r"\bcoding\b[^.]{0,40}\b(?:is|are|works? as)\s+(?:mainly\s+|mostly\s+|only\s+)?(?:the|a)\s+(?:bar|gate)\b"
        r"|\bbar you (?:must|have to) clear\b", re.I),
}
OWNER = "process"
# The home page summarises the loop and is rewritten by another branch (issue 13, "companies"); it is
# exempt until it links to process.md instead. Remove it from here once it does.
EXEMPT = {""}


def repeated_statements(pages: dict[str, str]) -> dict[str, list[str]]:
    """For each kind of statement, the pages other than its owner (and the exempt ones) that make it.
    `pages` maps a page's path to its visible prose (data-rendered blocks left out)."""
    out: dict[str, list[str]] = {}
    for kind, pattern in REPEATS.items():
        where = [p for p, text in pages.items() if p != OWNER and p not in EXEMPT and pattern.search(text)]
        if where:
            out[kind] = sorted(where)
    return out


def site_prose(site: Path) -> dict[str, str]:
    pages = {}
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel
        html = f.read_text(encoding="utf-8")
        if '<article class="md-content__inner' not in html:
            continue
        pages[rel] = " ".join(TextOf.of(main_content(html), skip_generated=True).split())
    return pages


def test_repeat_detector_can_fail():
    pages = {"process": "At E4 you have 2 coding rounds. Coding is the bar you have to clear.",
             "coding": "The onsite has two coding rounds, and coding rounds are mainly a bar you must clear.",
             "wrap-up": "E6 candidates face 2 ML system design rounds.",
             "behavioral": "Coding works as a gate at Meta.",
             "": "Home: 2 coding rounds (exempt for now)."}
    assert repeated_statements(pages) == {
        "a count of rounds by type (the loop format)": ["coding", "wrap-up"],
        "'coding is the bar'": ["behavioral", "coding"]}
    assert repeated_statements({"process": pages["process"], "coding": "Practise two problems per round."}) == {}


def test_loop_format_and_coding_bar_are_stated_once(built_site):
    pages = site_prose(built_site)
    assert OWNER in pages and len(pages) > 5
    found = repeated_statements(pages)
    assert not found, (f"stated again outside process.md (say it once: link to process.md#what-decides-your-level "
                       f"or process.md#round-types-by-company instead): {found}")


def test_onsite_round_counts_are_quoted_only_where_the_loop_lives():
    """In the sources, onsite round counts by level (fact("stages.onsite....rounds...")) and the stage
    tables belong to the process chapter and the home page only."""
    pattern = re.compile(r'fact\("stages\.onsite\.[^"]*rounds|stage_table\(|loop_overview\(')
    offenders = sorted(md.relative_to(DOCS).as_posix() for md in DOCS.rglob("*.md")
                       if md.name not in ("process.md", "index.md") and pattern.search(md.read_text(encoding="utf-8")))
    assert not offenders, f"these pages restate the onsite format by level; link to process.md instead: {offenders}"
