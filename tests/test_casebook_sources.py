"""The casebook's named readings and its notes for the primer (issue 15, points 5 and 7).

- Each case page's "Sources and further reading" section, as the reader sees it in the built HTML,
  links exactly the sources its data entry lists: a reading is named in the data once, and the page
  neither drops one nor cites one the data (and its checks) do not know.
- Each case links the engineering primer where it leans on it; the strict build checks that every
  such anchor exists, and no unconverted `<!-- primer: ... -->` note is left in a page.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from macros.loader import load_guide
from tests.helpers import DATA, ROOT, main_content, page_html

CASES_DIR = ROOT / "docs" / "cases"
PRIMER_ANCHORS = {"feature-stores", "streaming-and-batch-pipelines", "key-value-stores",
                  "sharding-and-replication", "nearest-neighbour-search", "caching", "latency-figures"}
PRIMER_NOTE = re.compile(r"<!--\s*primer:\s*#?([^\s>]*)\s*-->")


def sources_section(html: str) -> str:
    """The HTML of the page's 'Sources and further reading' section, up to the next H2 or the end."""
    content = main_content(html)
    m = re.search(r'<h2 id="sources-and-further-reading".*?</h2>(.*?)(?=<h2 |\Z)', content, re.S)
    return m.group(1) if m else ""


def source_problems(html: str, sources) -> list[str]:
    """What a reader would miss or find extra in the section, against the data's sources."""
    section = sources_section(html)
    if not section:
        return ["no 'Sources and further reading' section"]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())
    linked = set(re.findall(r'href="(https?://[^"]+)"', section))
    wanted = {str(s.url) for s in sources}
    out = [f"the data's source {u} is not linked on the page" for u in sorted(wanted - linked)]
    out += [f"the page links {u}, which is not among the case's sources in data/guide.yml"
            for u in sorted(linked - wanted)]
    out += [f"the page does not name the source by its title: {s.title!r}"
            for s in sources if " ".join(s.title.split()) not in text]
    return out


def primer_note_problems(markdown: str) -> list[tuple[int, str]]:
    return [(markdown.count("\n", 0, m.start()) + 1, m.group(1)) for m in PRIMER_NOTE.finditer(markdown)
            if m.group(1) not in PRIMER_ANCHORS]


GUIDE = load_guide(DATA)
CASE_IDS = [c.id for c in GUIDE.cases]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_sources_section_links_exactly_the_data_sources(built_site, case_id):
    case = GUIDE.case(case_id)
    problems = source_problems(page_html(built_site, f"cases/{case_id}"), case.sources)
    assert not problems, f"docs/cases/{case_id}.md: " + "; ".join(problems)


def test_source_check_can_fail(built_site):
    case = next(c for c in GUIDE.cases if c.sources)
    html = page_html(built_site, f"cases/{case.id}")
    first = str(case.sources[0].url)
    dropped = html.replace(f'href="{first}"', 'href="#"')
    assert any("is not linked" in p for p in source_problems(dropped, case.sources))
    extra = re.sub(r'(<h2 id="sources-and-further-reading".*?</h2>)',
                   r'\1<p><a href="https://example.org/unconfirmed">An unconfirmed post</a></p>', html,
                   count=1, flags=re.S)
    assert any("example.org" in p for p in source_problems(extra, case.sources))
    title = r"\s+".join(map(re.escape, unescape(case.sources[0].title).split()))
    renamed = re.sub(title, "Another title", unescape(html))
    assert any("does not name the source" in p for p in source_problems(renamed, case.sources))
    assert source_problems("<article class=\"md-content__inner\"><h2 id=\"x\">X</h2></article>",
                           case.sources) == ["no 'Sources and further reading' section"]


CASE_PAGES = sorted(p.name for p in CASES_DIR.glob("*.md") if p.name != "index.md")


@pytest.mark.parametrize("page", CASE_PAGES)
def test_each_case_links_the_primer_and_leaves_no_note(built_site, page):
    markdown = (CASES_DIR / page).read_text(encoding="utf-8")
    assert not PRIMER_NOTE.search(markdown), f"docs/cases/{page}: an unconverted primer note"
    html = main_content(page_html(built_site, f"cases/{page[:-3]}"))
    anchors = set(re.findall(r'href="\.\./\.\./ml-engineering-primer/#([a-z-]+)"', html))
    assert anchors and anchors <= PRIMER_ANCHORS, (page, anchors)


def test_primer_note_check_can_fail():
    text = "a\n<!-- primer: #caching -->\nb <!-- primer: #vector-databases -->\n"
    assert primer_note_problems(text) == [(3, "vector-databases")]
