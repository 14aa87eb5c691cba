"""The ML system design casebook (issue 15): the `cases` data, the funnel() and case_index() macros,
and the pages under docs/cases/ (one per case, each with the same fifteen H2 headings in order)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import sitetools
from macros import render
from macros.errors import GuideError
from macros.loader import load_guide
from macros.pagecheck import CASE_HEADINGS, case_file_problems, case_page_problems, h2_headings
from tests.helpers import DATA, ROOT, TextOf, main_content, page_html

CASES_DIR = ROOT / "docs" / "cases"
GOOD = DATA.read_text(encoding="utf-8")

# A case that the tests add to a copy of the data (the real cases are checked as they are).
SAMPLE = """
  - id: sample-case
    title: Sample <Case> | test
    ask: Design a sample system.
    difficulty: medium
    resembles: Nothing in particular
    primary_metric: Sample sessions per user
    latency_ms: 150
    sources:
      - title: A post
        publisher: Someone
        year: 2020
        url: https://example.org/post
    funnel:
      - name: Retrieval
        objective: Recall
        label: Any engagement
        metric: Recall@1000
        candidates_in: 100000000
        candidates_out: 1000
        latency_ms: 40
      - name: Ranking
        objective: Precision at the top
        label: Clicks
        metric: NDCG@10
        candidates_in: 1000
        candidates_out: 100
        latency_ms: 60
      - name: Re-ranking
        objective: Diversity
        label: "none: rules"
        metric: Distinct creators in the top 10
        candidates_in: 100
        candidates_out: 10
        latency_ms: 5
"""


def with_sample(text: str = GOOD, sample: str = SAMPLE) -> str:
    if re.search(r"^cases:\s*\[\]\s*$", text, re.M):
        return re.sub(r"^cases:\s*\[\]\s*$", "cases:" + sample.rstrip(), text, flags=re.M)
    if re.search(r"^cases:\s*$", text, re.M):
        return re.sub(r"^cases:\s*$", "cases:" + sample.rstrip(), text, count=1, flags=re.M)
    return text.rstrip() + "\n\ncases:" + sample


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    return load_guide(path, display="data/guide.yml")


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(GuideError) as info:
        load_text(tmp_path, text)
    return str(info.value)


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def sample_page(case_id: str = "sample-case", skip: str | None = None) -> str:
    """A case page with every heading (or all but `skip`), for the checks and scratch builds."""
    parts = ["---", f"description: A sample case page for tests ({case_id}).", "render_macros: true", "---",
             "# Sample case", ""]
    for heading in CASE_HEADINGS:
        if heading == skip:
            continue
        parts += [f"## {heading}", "", "Text.", ""]
        if heading == "The funnel":
            parts += [f'{{{{ funnel("{case_id}") }}}}', ""]
        if heading == "Serving":
            parts += [f'{{{{ latency_budget("{case_id}") }}}}', ""]
        if heading == "Sources and further reading":
            parts += [f'{{{{ case_sources("{case_id}") }}}}', ""]
        if heading == "The board at the end":
            parts += ["```text", "## Not a heading: inside a code block", "```", ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return load_text(tmp_path_factory.mktemp("cases"), with_sample())


def case_pages() -> list[Path]:
    return sorted(p for p in CASES_DIR.glob("*.md") if p.name != "index.md")


# -- the pages in docs/cases/ -------------------------------------------------------------------------

@pytest.mark.parametrize("page", case_pages(), ids=lambda p: p.stem)
def test_every_case_page_has_exactly_the_skeleton_headings(page):
    text = page.read_text(encoding="utf-8")
    assert [t for _, t in h2_headings(text)] == list(CASE_HEADINGS), f"docs/cases/{page.name}"
    assert case_page_problems(text, f"cases/{page.name}") == []


def test_heading_check_fails_on_a_page_missing_one():
    assert case_page_problems(sample_page(), "cases/sample-case.md") == []
    problems = case_page_problems(sample_page(skip="Estimation"), "cases/sample-case.md")
    assert len(problems) == 1
    assert "H2 heading 5 should be '## Estimation' but is '## Labels'" in problems[0]
    assert problems[0].startswith("docs/cases/sample-case.md:")
    # a real page with one heading renamed fails too
    for page in case_pages()[:1]:
        text = page.read_text(encoding="utf-8").replace("## Model and loss\n", "## Modelling\n", 1)
        assert any("'## Model and loss' but is '## Modelling'" in p for p in case_page_problems(text, f"cases/{page.name}"))


def test_heading_check_catches_order_extra_and_a_missing_funnel():
    text = sample_page()
    swapped = text.replace("## Labels\n", "## TMP\n").replace("## Features\n", "## Labels\n").replace("## TMP\n", "## Features\n")
    assert "should be '## Labels' but is '## Features'" in case_page_problems(swapped, "cases/sample-case.md")[0]
    extra = text + "\n## Appendix\n\nMore.\n"
    assert "'## Appendix' comes after" in case_page_problems(extra, "cases/sample-case.md")[0]
    other = case_page_problems(text, "cases/another-case.md")
    assert len(other) == 3 and 'funnel("another-case")' in other[0] and 'case_sources("another-case")' in other[2]
    assert "put {{ latency_budget(\"another-case\") }} under '## Serving'" in other[1]
    no_sources = text.replace('{{ case_sources("sample-case") }}', "")
    assert case_page_problems(no_sources, "cases/sample-case.md") == [
        "docs/cases/sample-case.md: a case page shows its own case sources: put "
        "{{ case_sources(\"sample-case\") }} under '## Sources and further reading' "
        "(and render_macros: true in its front matter)"]
    assert case_page_problems(text, "cases/index.md") == [] and case_page_problems(text, "coding.md") == []


def test_every_case_has_a_page_and_every_page_a_case():
    ids = [c.id for c in load_guide(DATA).cases]
    assert sorted(ids) == sorted(p.stem for p in case_pages())
    uris = [f"cases/{p.name}" for p in CASES_DIR.glob("*.md")]
    assert case_file_problems(ids, uris) == []
    missing = case_file_problems(ids + ["no-such-case"], uris)
    assert missing == ["data/guide.yml: case 'no-such-case' has no page: create docs/cases/no-such-case.md "
                       "(or remove the case from 'cases')"]
    stray = case_file_problems(ids, uris + ["cases/stray.md"])
    assert len(stray) == 1 and stray[0].startswith("docs/cases/stray.md: this case page has no entry")


def test_case_pages_are_in_the_nav_after_ml_system_design():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"  - ML system design: ml-system-design.md\n  - Casebook:\n((?:      - .*\n)+)", nav)
    assert block, "the Casebook section must come right after ML system design in mkdocs.yml nav"
    entries = re.findall(r"- (cases/[a-z0-9-]+\.md)", block.group(1))
    ids = [c.id for c in load_guide(DATA).cases]
    assert entries == ["cases/index.md"] + [f"cases/{i}.md" for i in ids]


# -- the data ------------------------------------------------------------------------------------------

def test_real_cases_load_and_each_funnel_narrows():
    for case in load_guide(DATA).cases:
        for before, after in zip(case.funnel, case.funnel[1:]):
            assert after.candidates_in == before.candidates_out <= before.candidates_in
        assert all(0 < st.latency_ms <= case.latency_ms for st in case.funnel)


@pytest.mark.parametrize("old,new,expect", [
    ("candidates_out: 100\n", "candidates_out: 5000\n",
     "at cases[0].funnel[1].candidates_out: stage 'Ranking' keeps 5,000 candidates but receives only 1,000"),
    ("        candidates_in: 1000\n", "        candidates_in: 900\n",
     "at cases[0].funnel[1].candidates_in: stage 'Ranking' receives 900 candidates but the stage before it "
     "('Retrieval') keeps 1,000"),
    ("latency_ms: 60\n", "latency_ms: 200\n",
     "at cases[0].funnel[1].latency_ms: stage 'Ranking' has a p99 budget of 200 ms, more than the case's "
     "end-to-end p99 of 150 ms"),
])
def test_funnel_cross_checks_name_line_and_key(tmp_path, old, new, expect):
    text = with_sample(sample=SAMPLE.replace(old, new, 1))
    msg = error_for(tmp_path, text)
    assert expect in msg, msg
    key = old.strip().split(":")[0]
    ranking = line_of(text, "- name: Ranking")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if i > ranking and ln.strip().startswith(key))
    assert f"data/guide.yml:{line} at" in msg


@pytest.mark.parametrize("old,new,expect", [
    ("latency_ms: 40", "latency_ms: 0", "at cases[0].funnel[0].latency_ms: Input should be greater than 0"),
    ("difficulty: medium", "difficulty: tricky", "at cases[0].difficulty: Input should be 'medium' or 'hard'"),
    ("url: https://example.org/post", "url: http://example.org/post", "links must use https"),
    ("    primary_metric: Sample sessions per user\n", "", "required key 'primary_metric' is missing"),
    ("        metric: NDCG@10\n", "        metric: NDCG@10\n        metrics: NDCG@5\n", "unknown key 'metrics'"),
    ("candidates_out: 10\n", "candidates_out: 0\n", "at cases[0].funnel[2].candidates_out: Input should be greater than 0"),
])
def test_bad_case_fields_are_refused_with_line_and_key(tmp_path, old, new, expect):
    msg = error_for(tmp_path, with_sample(sample=SAMPLE.replace(old, new, 1)))
    assert expect in msg and re.match(r"data/guide.yml:\d+ at cases", msg), msg


def test_duplicate_case_id_and_a_funnel_that_does_not_narrow(tmp_path):
    msg = error_for(tmp_path, with_sample(sample=SAMPLE + SAMPLE.replace("Retrieval", "Retrieval 2")))
    assert "at cases[1].id: duplicate id 'sample-case'" in msg
    flat = SAMPLE.replace("candidates_out: 1000", "candidates_out: 100000000").replace(
        "        candidates_in: 1000\n", "        candidates_in: 100000000\n").replace(
        "candidates_out: 100\n", "candidates_out: 100000000\n").replace(
        "        candidates_in: 100\n", "        candidates_in: 100000000\n").replace(
        "candidates_out: 10\n", "candidates_out: 100000000\n")
    assert "does not narrow: it starts with 100,000,000 candidates and ends with 100,000,000" in error_for(tmp_path, with_sample(sample=flat))


# -- the renderers --------------------------------------------------------------------------------------

def test_count_labels():
    assert [render.count_label(n) for n in (10, 1500, 1_000_000, 2_500_000, 100_000_000, 1_200_000_000)] == \
        ["10", "1,500", "1 million", "2.5 million", "100 million", "1.2 billion"]


def test_funnel_boxes_narrow_stage_by_stage(guide):
    shapes = render.funnel_shapes(guide.case("sample-case"))
    widths = [w for sh in shapes for w in (sh["top"], sh["bottom"])]
    assert widths == sorted(widths, reverse=True) and widths[0] > 3 * widths[-1]
    for before, after in zip(shapes, shapes[1:]):
        assert after["top"] == before["bottom"], "each box starts as wide as the one above ends"


def test_funnel_svg_has_a_name_a_caption_and_the_same_facts_as_a_table(guide):
    html = render.funnel(guide, "sample-case")
    svg = re.search(r"<svg\b[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="funnel-sample-case-title funnel-sample-case-desc"' in svg
    title = unescape(re.search(r'<title id="funnel-sample-case-title">(.*?)</title>', svg).group(1))
    assert title == "The funnel of Sample <Case> | test: 3 stages, from 100 million candidates to 10"
    assert svg.count("<polygon") == 3
    assert "100 million → 1,000, p99 40 ms" in svg and "100 → 10, p99 5 ms" in svg
    assert "<Case>" not in html, "data is escaped"
    assert re.search(r"<figcaption>The funnel of Sample &lt;Case&gt; \| test: each box", html)
    table = re.search(r"<table class=\"g-funnel-table\".*?</table>", html, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    assert [r[0] for r in rows] == ["1. Retrieval", "2. Ranking", "3. Re-ranking"]
    cells = re.findall(r"<td>(.*?)</td>", rows[1][1])
    assert cells == ["Precision at the top", "Clicks", "NDCG@10", "1,000", "100", "60 ms"]
    assert "150 ms" in table and "do not add" in html
    assert "fill:currentColor" in svg and not re.search(r"(fill|stroke)[:=]\"?#", svg), "colours follow the palette"
    assert "\n\n" not in html, "a blank line would end the raw HTML block"


def test_case_sources_list_each_source_or_say_there_is_none(guide, tmp_path):
    html = render.case_sources(guide, "sample-case")
    assert '<li>&ldquo;A post&rdquo;, Someone, 2020: <a href="https://example.org/post">https://example.org/post</a></li>' in html
    noted = load_text(tmp_path, with_sample(sample=SAMPLE.replace(
        "        year: 2020\n", "        note: What it adds <b>\n", 1)))
    item = re.search(r"<li>.*</li>", render.case_sources(noted, "sample-case")).group(0)
    assert item.endswith(". What it adds &lt;b&gt;.</li>") and ", Someone: <a" in item, item
    bare = load_text(tmp_path, with_sample(sample=re.sub(r"    sources:\n(?:      .*\n|        .*\n)+", "", SAMPLE)))
    assert not bare.case("sample-case").sources
    assert "<p>This design follows no single published system.</p>" in render.case_sources(bare, "sample-case")


def test_latency_budget_shows_each_stage_the_sum_and_the_end_to_end_p99(guide):
    html = render.latency_budget(guide, "sample-case")
    rows = re.findall(r'<tr(?: class="g-total")?><th scope="row">(.*?)</th><td>(.*?)</td></tr>', html)
    assert rows == [("Retrieval", "40 ms"), ("Ranking", "60 ms"), ("Re-ranking", "5 ms"),
                    ("Sum of the stage p99s (not the end-to-end p99)", "105 ms"),
                    ("End-to-end p99, agreed and measured as a whole", "150 ms")]
    assert 'aria-label="p99 latency budget per stage: Sample &lt;Case&gt; | test"' in html


def test_funnel_of_an_unknown_case_names_the_known_ones(guide):
    with pytest.raises(KeyError, match="unknown case 'nope' \\(known: .*sample-case"):
        render.funnel(guide, "nope")


def test_case_index_links_every_case_and_escapes_pipes(guide):
    md = render.case_index(guide)
    row = next(ln for ln in md.splitlines() if "sample-case.md" in ln)
    assert row == ("| [Sample <Case> &#124; test](sample-case.md) | Design a sample system. | Medium | "
                   "Nothing in particular | Sample sessions per user |")
    assert "(cases/sample-case.md)" in render.case_index(guide, base="cases/")
    assert md.count("\n| [") == len(guide.cases)


# -- the built site ------------------------------------------------------------------------------------

def test_built_case_pages_show_their_funnel_and_the_index_links_them(built_site):
    guide = load_guide(DATA)
    index = main_content(page_html(built_site, "cases"))
    assert 'class="g-timer"' in index, "the index page carries the mock-round timer"
    for case in guide.cases:
        html = main_content(page_html(built_site, f"cases/{case.id}"))
        svg = re.search(r'<svg\b[^>]*role="img"[^>]*>.*?</svg>', html, re.S)
        assert svg, f"cases/{case.id}: no funnel figure"
        title = unescape(re.search(r"<title[^>]*>(.*?)</title>", svg.group(0)).group(1))
        assert title.startswith(f"The funnel of {case.title}: {len(case.funnel)} stages")
        assert "<figcaption>" in html and f'data-case="{case.id}"' in html
        text = TextOf.of(html)
        for st in case.funnel:
            assert st.name in unescape(text) and st.objective in unescape(text)
        assert f'href="{case.id}/"' in index, f"the casebook index does not link {case.id}"
        sources = re.search(r'<ul class="g-sources">(.*?)</ul>', html, re.S)
        assert bool(sources) == bool(case.sources), f"cases/{case.id}: sources list does not match the data"
        for src in case.sources:
            assert f'href="{src.url}"' in sources.group(1)


def test_scratch_build_shows_a_new_case_and_stops_on_missing_or_stray_pages(scratch_project, tmp_path):
    data = scratch_project / "data" / "guide.yml"
    nav = scratch_project / "mkdocs.yml"
    data.write_text(with_sample(data.read_text(encoding="utf-8")), encoding="utf-8")
    nav.write_text(nav.read_text(encoding="utf-8").replace(
        "      - cases/index.md\n", "      - cases/index.md\n      - cases/sample-case.md\n", 1), encoding="utf-8")
    page = scratch_project / "docs" / "cases" / "sample-case.md"
    page.write_text(sample_page(), encoding="utf-8")
    result = sitetools.build(tmp_path / "ok", project=scratch_project)
    assert result.returncode == 0, sitetools.build_messages(result)
    html = page_html(tmp_path / "ok", "cases/sample-case")
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="funnel-sample-case-title', html)
    assert "The funnel of Sample &lt;Case&gt; | test: 3 stages, from 100 million candidates to 10" in html
    assert re.search(r'<table class="g-funnel-table" data-case="sample-case">', html)
    index = page_html(tmp_path / "ok", "cases")
    assert 'href="sample-case/"' in index

    page.write_text(sample_page(skip="Monitoring"), encoding="utf-8")
    bad = sitetools.build(tmp_path / "heading", project=scratch_project)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "docs/cases/sample-case.md:" in out and \
        "should be '## Monitoring' but is '## The deep dive and curveballs'" in out and "Traceback" not in out

    page.unlink()
    bad = sitetools.build(tmp_path / "missing", project=scratch_project)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "case 'sample-case' has no page: create docs/cases/sample-case.md" in out
    assert "Traceback" not in out

    (scratch_project / "docs" / "cases" / "stray.md").write_text(sample_page("stray"), encoding="utf-8")
    page.write_text(sample_page(), encoding="utf-8")
    bad = sitetools.build(tmp_path / "stray", project=scratch_project)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "docs/cases/stray.md: this case page has no entry in 'cases'" in out


# -- in a browser: axe in both palettes at both widths, the figure's accessible name, the budget ----

def _case_urls() -> list[str]:
    return ["cases/"] + [f"cases/{c.id}/" for c in load_guide(DATA).cases]


@pytest.mark.browser
def test_case_pages_are_axe_clean_and_the_funnel_is_named(built_site, served_site, browser):
    from bench import VIEWPORTS, axe_matrix, describe_violations
    pages = _case_urls()
    found = axe_matrix(browser, served_site, pages)
    assert len(found) == len(pages) * 2 * len(VIEWPORTS)
    bad = {key: v for key, v in found.items() if v}
    assert not bad, "axe-core violations:\n" + describe_violations(bad)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for case in load_guide(DATA).cases:
            page.goto(served_site + f"cases/{case.id}/")
            figure = page.get_by_role("img", name=re.compile(f"^The funnel of {re.escape(case.title)}"))
            assert figure.count() == 1 and figure.is_visible(), f"cases/{case.id}: funnel not named or not shown"
            table = page.get_by_role("table", name=f"The funnel of {case.title}, stage by stage")
            assert table.get_by_role("row").count() == len(case.funnel) + 2  # header, stages, end to end
    finally:
        context.close()


@pytest.mark.browser
def test_case_pages_first_visit_under_budget(built_site, served_site, browser):
    from bench import BUDGET_BYTES, VIEWPORTS, first_visit
    for rel in _case_urls():
        visit = first_visit(browser, served_site + rel, VIEWPORTS["phone"])
        assert visit.bytes <= BUDGET_BYTES, f"{rel}: {visit.bytes} bytes on a first visit (budget {BUDGET_BYTES})"


# -- what each section must hold (the skeleton of issue 15), checked on the page sources -----------

def sections(markdown: str) -> dict[str, str]:
    """The text under each H2 heading, keyed by the heading."""
    lines, out, current = markdown.splitlines(), {}, None
    found = dict((n, t) for n, t in h2_headings(markdown))
    for n, line in enumerate(lines, 1):
        if n in found:
            current = found[n]
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return out


def prose_words(markdown: str) -> int:
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return len(" ".join(ln for ln in text.splitlines() if not ln.startswith("|")).split())


def skeleton_problems(markdown: str) -> list[str]:
    sec = sections(markdown)
    problems = []
    for name in ("Clarifying the requirements", "The deep dive and curveballs"):
        body = sec.get(name, "")
        if body.count("**You:**") < 2 or body.count("**Interviewer:**") < 2:
            problems.append(f"'{name}' is not a transcript (**You:** / **Interviewer:** turns)")
    if "Curveball" not in sec.get("The deep dive and curveballs", ""):
        problems.append("'The deep dive and curveballs' names no curveball")
    if not re.search(r"^```text\n.+?\n```", sec.get("The board at the end", ""), re.S | re.M):
        problems.append("'The board at the end' has no ```text drawing")
    if not any("### Privacy, integrity and fairness" in sec.get(name, "") for name in ("Serving", "Monitoring")):
        problems.append("no '### Privacy, integrity and fairness' inside Serving or Monitoring")
    levels = sec.get("What E4, E5 and E6 answers sound like", "")
    for level in ("E4", "E5", "E6"):
        if f"> **{level}:**" not in levels:
            problems.append(f"no quoted {level} sample answer")
    clar = sec.get("Clarifying the requirements", "")
    for must in ("Primary online metric", "Does this need ML?", "Out of scope", "Functional", "Non-functional"):
        if must not in clar:
            problems.append(f"'Clarifying the requirements' does not end with '{must}'")
    words = prose_words(markdown)
    if not 2400 <= words <= 4200:
        problems.append(f"{words} words of prose; a case is about 2,500 to 4,000")
    return problems


@pytest.mark.parametrize("page", case_pages(), ids=lambda p: p.stem)
def test_every_case_page_fills_the_skeleton(page):
    assert skeleton_problems(page.read_text(encoding="utf-8")) == [], f"docs/cases/{page.name}"


def test_skeleton_check_can_fail():
    problems = skeleton_problems(sample_page().replace("```text", "```"))
    assert "'Clarifying the requirements' is not a transcript (**You:** / **Interviewer:** turns)" in problems
    assert "'The board at the end' has no ```text drawing" in problems
    assert "no '### Privacy, integrity and fairness' inside Serving or Monitoring" in problems
    assert "no quoted E6 sample answer" in problems and any("words of prose" in p for p in problems)
    for page in case_pages()[:1]:
        text = page.read_text(encoding="utf-8").replace("### Privacy, integrity and fairness", "### Privacy", 1)
        assert skeleton_problems(text) == ["no '### Privacy, integrity and fairness' inside Serving or Monitoring"]
