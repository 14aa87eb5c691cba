"""Guards on the writing: no empty section, no data figure typed by hand, no copied sentences
from the source draft, a description and links to other chapters on every page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, TextOf, main_content, page_html, words

DOCS = ROOT / "docs"
CHAPTERS = {"index.md": "", "process.md": "process", "coding.md": "coding",
            "ml-system-design.md": "ml-system-design", "prompts.md": "prompts", "behavioral.md": "behavioral",
            "company-behavioral.md": "company-behavioral",
            "prompts-harder.md": "prompts-harder", "ml-engineering-primer.md": "ml-engineering-primer",
            "ml-framings-and-losses.md": "ml-framings-and-losses",
            "wrap-up.md": "wrap-up", "planner.md": "planner", "practice.md": "practice",
            "checklists.md": "checklists", "resources.md": "resources", "companies.md": "companies"}
HASHES = ROOT / "tests" / "fixtures" / "draft-10gram-hashes.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_1664b9d3fec3cbc8.txt"


def draft_hashes() -> set[str]:
    lines = HASHES.read_text(encoding="utf-8").splitlines()
    return {ln for ln in lines if ln and not ln.startswith("#")}


def gram_hash(ws: list[str]) -> str:
    return hashlib.sha1(" ".join(ws).encode()).hexdigest()[:16]


def test_hash_fixture_matches_the_draft_when_available():
    if not SEED.is_file():
        pytest.skip("the source draft is not beside this checkout")
    seed = words(SEED.read_text(encoding="utf-8"))
    assert {gram_hash(seed[i:i + 10]) for i in range(len(seed) - 9)} == draft_hashes()


def copied_runs(text: str, hashes: set[str]) -> list[str]:
    ws = words(text)
    return [" ".join(ws[i:i + 10]) for i in range(len(ws) - 9) if gram_hash(ws[i:i + 10]) in hashes]


def test_copied_run_detector_can_fail():
    seed_like = "the level of preparation required for both phone interviews and onsite rounds is similar"
    assert copied_runs(seed_like, draft_hashes()), "the detector must recognise a sentence of the draft"


def test_no_ten_word_run_from_the_draft(built_site):
    hashes = draft_hashes()
    found = {}
    for page in CHAPTERS.values():
        # data-rendered blocks hold the draft's bare facts (such as the topic order): skipped here
        text = TextOf.of(main_content(page_html(built_site, page)), skip_generated=True)
        runs = copied_runs(text, hashes)
        if runs:
            found[page or "home"] = runs[:3]
    assert not found, f"sentences copied from the draft (rewrite them in your own words): {found}"


HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)


def empty_sections(html: str) -> list[str]:
    content = main_content(html)
    heads = list(HEADING.finditer(content))
    empty = []
    for i, h in enumerate(heads):
        level = int(h.group(1))
        end = heads[i + 1].start() if i + 1 < len(heads) else len(content)
        between = re.sub(r"<[^>]+>", "", content[h.end():end]).strip()
        deeper_next = i + 1 < len(heads) and int(heads[i + 1].group(1)) > level
        if not between and not deeper_next:
            empty.append(re.sub(r"<[^>]+>", "", h.group(2)).replace("¶", "").strip())
    return empty


def test_empty_section_detector_can_fail():
    html = ('<article class="md-content__inner md-typeset"><h1>T</h1><p>x</p><h2>Full</h2><p>y</p>'
            '<h2>Empty</h2><h2>Parent</h2><h3>Child</h3><p>z</p></article>')
    assert empty_sections(html) == ["Empty"]


def test_no_empty_sections(built_site):
    problems = {p or "home": e for p in CHAPTERS.values() if (e := empty_sections(page_html(built_site, p)))}
    assert not problems, f"headings with nothing under them: {problems}"


TYPED_FIGURE = re.compile(r"\b\d+(?:\s*[-–]\s*\d+)?(?:\s+|-)(?:min|mins|minutes?|rounds?)\b", re.I)


def typed_figures(markdown: str) -> list[tuple[int, str]]:
    """Durations in minutes and counts of rounds typed as digits in prose (outside code and
    macro calls): these live in the data and must be rendered with fact()."""
    out = []
    in_code = False
    for n, line in enumerate(markdown.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        prose = re.sub(r"\{\{.*?\}\}|`[^`]*`", "", line)
        out += [(n, m.group(0)) for m in TYPED_FIGURE.finditer(prose)]
    return out


def test_typed_figure_detector_can_fail():
    assert typed_figures("The round is 45 minutes long.\n```\nx = '45 minutes'\n```\n"
                         "It lasts {{ fact('a.minutes') }} minutes.") == [(1, "45 minutes")]


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_no_data_figure_typed_by_hand(name):
    found = typed_figures((DOCS / name).read_text(encoding="utf-8"))
    assert not found, (f"docs/{name} types figures that live in data/guide.yml; render them with "
                       f"{{{{ fact(...) }}}} instead: {found}")


@pytest.mark.parametrize("name,page", sorted(CHAPTERS.items()))
def test_page_has_description_and_links_to_chapters(built_site, name, page):
    source = (DOCS / name).read_text(encoding="utf-8")
    m = re.search(r"^description:\s*(.+)$", source, re.M)
    assert m, f"docs/{name} has no description in its front matter"
    desc = m.group(1).strip().strip("'\"")
    assert 50 <= len(desc) <= 170, f"docs/{name}: description should be 50-170 characters, is {len(desc)}"
    html = page_html(built_site, page)
    assert f'<meta name="description" content="{desc}"' in html.replace("&#39;", "'")
    content = main_content(html)
    links = set(re.findall(r'<a[^>]+href="((?:\.\./)*(?:[a-z-]+/)?)(?:#[^"]*)?"', content))
    assert any(l not in ("", "./") for l in links) or name == "checklists.md", \
        f"docs/{name} links to no other chapter"
