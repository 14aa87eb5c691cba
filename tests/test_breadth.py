"""ML breadth questions (issue 16): the data, its checks, and what the reader sees in the built pages:
every question with its stable anchor, its answer hidden in <details> (readable without JavaScript),
counts per topic that match the data, and the review page's question index (no answers in it)."""

from __future__ import annotations

import json
import re
from collections import Counter
from html import unescape

import pytest
import yaml

from macros import render
from macros.errors import GuideError
from macros.loader import load_guide
from tests.helpers import DATA, ROOT, TextOf, main_content, page_html

GOOD = DATA.read_text(encoding="utf-8")
TOPICS_MIN = 11


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
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


# -- the data ------------------------------------------------------------------------------------

def test_real_data_has_every_topic_with_questions(guide):
    topics = [t.id for t in guide.breadth_topics]
    assert len(topics) >= TOPICS_MIN
    counts = Counter(q.topic for q in guide.breadth)
    assert set(counts) == set(topics)
    assert len(guide.breadth) >= 120
    for q in guide.breadth:
        assert 60 <= len(q.answer.split()) <= 150, q.id


def test_every_topic_has_its_page_and_nav_entry(guide):
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for t in guide.breadth_topics:
        page = ROOT / "docs" / "breadth" / f"{t.id}.md"
        assert page.is_file(), f"docs/breadth/{t.id}.md is missing"
        assert f'breadth_questions("{t.id}")' in page.read_text(encoding="utf-8")
        assert f"breadth/{t.id}.md" in nav
    assert "breadth/review.md" in nav and "breadth/index.md" in nav


def test_breadth_checklist_exists_with_unique_ids(guide):
    cl = guide.checklist("breadth-prep")
    assert len(cl.items) >= 5
    assert all(i.id.startswith("breadth-") for i in cl.items)


def test_short_answer_refused_with_line(tmp_path):
    start = GOOD.index("\nbreadth:\n")
    head, tail = GOOD[:start], GOOD[start:]
    m = re.search(r"    answer: >-\n((?:      .*\n)+)", tail)
    bad = head + tail[:m.start()] + "    answer: Too short to be a strong answer.\n" + tail[m.end():]
    msg = error_for(tmp_path, bad)
    line = line_of(bad[start:], "answer: Too short") + bad[:start].count("\n")
    assert f"data/guide.yml:{line}" in msg
    assert "breadth[0].answer" in msg and "60 to 150 words" in msg and "has 7" in msg


def test_unknown_topic_refused(tmp_path):
    bad = GOOD.replace("    topic: learning-theory\n", "    topic: learning-theroy\n", 1)
    msg = error_for(tmp_path, bad)
    assert "breadth[0].topic" in msg and "unknown breadth topic 'learning-theroy'" in msg


def test_duplicate_question_id_refused(tmp_path):
    bad = GOOD.replace("  - id: l1-vs-l2\n", "  - id: bias-variance\n", 1)
    msg = error_for(tmp_path, bad)
    assert "duplicate id 'bias-variance'" in msg and "breadth[1].id" in msg


def test_topic_without_questions_refused(tmp_path):
    bad = GOOD.replace("breadth_topics:\n", "breadth_topics:\n  - id: empty-topic\n    name: Empty\n    covers: Nothing.\n", 1)
    msg = error_for(tmp_path, bad)
    assert "breadth topic 'empty-topic' has no questions" in msg


def test_unknown_key_and_bad_difficulty_refused(tmp_path):
    bad = GOOD.replace("    difficulty: core\n    question: Explain the bias", "    difficulty: easy\n    question: Explain the bias", 1)
    assert "breadth[0].difficulty" in error_for(tmp_path, bad)
    bad = GOOD.replace("    topic: learning-theory\n", "    topic: learning-theory\n    source: a book\n", 1)
    assert "breadth[0].source" in error_for(tmp_path, bad)


def test_markup_in_data_is_shown_as_text(guide):
    html = str(render.inline_text("Use `x < y` then <script>alert(1)</script>"))
    assert "<code>x &lt; y</code>" in html and "<script>" not in html


# -- the built pages -----------------------------------------------------------------------------

def question_sections(html: str) -> dict[str, dict[str, str]]:
    out = {}
    for m in re.finditer(r'<section class="g-bq" data-q="([^"]+)">(.*?)</section>', html, re.S):
        body = m.group(2)
        # the stable anchor is the question's heading (the print build renames heading ids only)
        assert re.match(rf'\s*<h2 id="{re.escape(m.group(1))}"', body), f"{m.group(1)}: no anchor on its heading"
        d = re.search(r"<details[^>]*>(.*?)</details>", body, re.S)
        out[m.group(1)] = {"details": TextOf.of(d.group(1)) if d else "",
                           "open": bool(d and re.search(r"<details[^>]*\bopen\b", body)),
                           "outside": TextOf.of(body[:d.start()] if d else body)}
    return out


def norm(text: str) -> str:
    return " ".join(unescape(text).split())


def test_topic_pages_show_every_question_with_anchor_and_hidden_answer(built_site, guide):
    for t in guide.breadth_topics:
        html = main_content(page_html(built_site, f"breadth/{t.id}"))
        found = question_sections(html)
        want = [q for q in guide.breadth if q.topic == t.id]
        assert list(found) == [q.id for q in want], t.id
        for q in want:
            s = found[q.id]
            assert not s["open"], f"{q.id}: the answer must start hidden"
            assert norm(q.answer.replace("`", "")) in norm(s["details"]), f"{q.id}: answer not inside <details>"
            assert norm(q.why) in norm(s["details"]) and norm(q.wrong) in norm(s["details"])
            assert norm(q.answer.replace("`", ""))[:60] not in norm(s["outside"]), f"{q.id}: answer shown before it is asked for"
            assert norm(q.question.replace("`", "")) in norm(s["outside"])
            assert f'href="#{q.id}"' in html


def test_index_counts_per_topic_match_the_data(built_site, guide):
    html = main_content(page_html(built_site, "breadth"))
    table = html[html.index('id="topics"'):]
    counts = Counter(q.topic for q in guide.breadth)
    for t in guide.breadth_topics:
        row = re.search(rf'<a href="{t.id}/">{re.escape(t.name)}</a></td>\s*<td>[^<]*</td>\s*<td[^>]*>(\d+)</td>', table)
        assert row, t.id
        assert int(row.group(1)) == counts[t.id]
    assert f"<strong>{len(guide.breadth)}</strong>" in table
    assert 'data-timer="ml-breadth"' in html and 'data-checklist="breadth-prep"' in html


def test_review_page_carries_the_question_index_without_answers(built_site, guide):
    html = page_html(built_site, "breadth/review")
    m = re.search(r'<div class="g-review" data-review data-index="([^"]*)"', html)
    data = json.loads(unescape(m.group(1)))
    assert [q["id"] for q in data["questions"]] == [q.id for q in guide.breadth]
    assert [t["id"] for t in data["topics"]] == [t.id for t in guide.breadth_topics]
    assert guide.breadth[0].answer[:40] not in html
    # every control is in the page from the build, disabled until the script binds it
    ui = html[html.index('class="g-ctl g-review__ui"'):]
    for sel in ('data-rv="reveal"', 'data-rv="star"', 'name="g-review-topic"', 'name="g-review-fresh"', 'id="g-review-note"'):
        tag = re.search(r"<[^>]*" + re.escape(sel) + r"[^>]*>", ui).group(0)
        assert "disabled" in tag, sel


def test_unknown_topic_in_a_page_is_reported_with_its_line(guide):
    from macros.pagecheck import check_page
    problems = check_page('# T\n\n{{ breadth_questions("no-such-topic") }}\n', guide, "breadth/x.md")
    assert problems == [f"docs/breadth/x.md:3: in breadth_questions('no-such-topic'): unknown breadth topic "
                        f"'no-such-topic' (known: {', '.join(t.id for t in guide.breadth_topics)})"]


# -- the vendored scheduler ----------------------------------------------------------------------

VENDOR = ROOT / "overrides" / "assets" / "vendor" / "ts-fsrs"


def test_vendored_ts_fsrs_is_the_pinned_release_with_its_licence():
    import hashlib
    pkg = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = pkg["dependencies"]["ts-fsrs"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "pin an exact version"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/ts-fsrs"]["version"] == version
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"ts-fsrs {version}" in readme and f"ts-fsrs@{version}" in readme
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    # the file is the release's dist/index.umd.js minus its last line (the source-map comment)
    original = (VENDOR / "ts-fsrs.umd.js").read_bytes() + b"//# sourceMappingURL=index.umd.js.map\n"
    recorded = re.search(r"SHA-256 is\s+`([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(original).hexdigest() == recorded


def test_only_the_review_path_loads_ts_fsrs(built_site):
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'src="[^"]*(ts-fsrs|review(-core)?\.js)', text), f"{html} loads review code directly"
    practice = (built_site / "assets" / "practice.js").read_text(encoding="utf-8")
    review = (built_site / "assets" / "review.js").read_text(encoding="utf-8")
    assert "review.js" in practice and "vendor/ts-fsrs/ts-fsrs.umd.js" in review
    assert (built_site / "assets" / "vendor" / "ts-fsrs" / "LICENSE").is_file()
