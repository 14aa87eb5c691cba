"""The ML breadth review in a real browser (Playwright + Debian Chromium), on a build whose site_url is
the local server's own address (so Material's instant navigation engages): reveal and grade a due
question (keys and buttons), reload and it is no longer due; stars, notes, the topic filter and the
fresh-attempt mode; the export carries the review state and a hostile import is refused; the review
works after instant navigation; and it passes axe in both palettes with an answer shown."""

from __future__ import annotations

import json
import re
import socket

import pytest

from macros.loader import load_guide
from tests.helpers import DATA

pytestmark = pytest.mark.browser
SUB = "/mle-interview-guide/"
KEY = SUB + ".guide"


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import sitetools
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path_factory.mktemp("breadth-instant")
    result = sitetools.build(out, site_url=f"http://127.0.0.1:{port}{SUB}")
    assert result.returncode == 0, result.stderr
    server = sitetools.serve(out, SUB, port=port)
    yield server.base_url
    server.stop()


def stored(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}) || '{{}}')")


def open_review(page, site):
    page.goto(site + "breadth/review/")
    page.wait_for_selector(".g-review[data-ready]")


def counts(page) -> dict:
    return {k: int(page.inner_text(f"[data-count={k}]")) for k in ("due", "new", "learned")}


def current(page) -> str:
    return page.get_attribute(".g-review", "data-current")


# A card that fell due yesterday: a question graded Good four days ago (ts-fsrs: due 3 days later).
DUE_CARD = {"due": "2020-01-04T09:00:00.000Z", "stability": 2.3065, "difficulty": 2.1181, "elapsed_days": 0,
            "scheduled_days": 3, "learning_steps": 0, "reps": 1, "lapses": 0, "state": 2,
            "last_review": "2020-01-01T09:00:00.000Z", "grade": 3}


def seed(page, review: dict):
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, JSON.stringify({{version: 1, review: {json.dumps(review)}}}))")


def export_file(page, tmp_path):
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def import_text(page, tmp_path, text: str):
    path = tmp_path / "import.json"
    path.write_text(text, encoding="utf-8")
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress…").click()
    fc.value.set_files(str(path))


def test_grade_a_due_question_and_after_a_reload_it_is_no_longer_due(page, site, guide, tmp_path):
    target = guide.breadth[5]
    open_review(page, site)
    total = len(guide.breadth)
    assert counts(page) == {"due": 0, "new": total, "learned": 0}
    assert current(page) == guide.breadth[0].id, "with nothing due, new questions come in data order"
    seed(page, {"cards": {target.id: DUE_CARD}})
    page.reload()
    page.wait_for_selector(".g-review[data-ready]")
    assert counts(page) == {"due": 1, "new": total - 1, "learned": 0}
    assert current(page) == target.id, "a due question comes before the new ones"
    assert target.question in page.inner_text(".g-review__q")
    assert "Last graded Good" in page.inner_text(".g-review__past")
    assert page.locator(".g-review__answer").is_hidden()

    page.get_by_role("button", name="Show answer").click()
    answer = page.locator(".g-review__answer")
    answer.wait_for(state="visible")
    assert target.answer.replace("`", "")[:50] in " ".join(answer.inner_text().split())
    assert "next " in page.inner_text("button[data-grade='3']")
    page.keyboard.press("3")                                   # key 3: Good
    page.wait_for_function(f"document.querySelector('.g-review').dataset.current !== {json.dumps(target.id)}")
    card = stored(page)["review"]["cards"][target.id]
    assert card["grade"] == 3 and card["reps"] == 2
    assert "Graded Good" in page.inner_text(".g-review__say")

    page.reload()
    page.wait_for_selector(".g-review[data-ready]")
    assert counts(page) == {"due": 0, "new": total - 1, "learned": 1}
    assert current(page) != target.id
    assert page.console_errors == []


def test_stars_notes_filter_fresh_mode_and_buttons(page, site, guide):
    open_review(page, site)
    first = current(page)
    page.get_by_role("button", name="Star").click()
    assert page.get_attribute("[data-rv=star]", "aria-pressed") == "true"
    page.get_by_label("Your private note on this question").fill("decomposition first")
    page.get_by_role("button", name="Show answer").click()
    page.locator(".g-review__grade").wait_for(state="visible")
    page.get_by_role("button", name=re.compile("^Again")).click()
    page.wait_for_function(f"document.querySelector('.g-review').dataset.current !== {json.dumps(first)}")
    rv = stored(page)["review"]
    assert rv["stars"] == [first] and rv["notes"] == {first: "decomposition first"}
    assert rv["cards"][first]["grade"] == 1

    # topic filter: only that topic's questions and counts
    topic = guide.breadth_topics[3]
    page.get_by_label("Topic").select_option(topic.id)
    n = sum(q.topic == topic.id for q in guide.breadth)
    assert counts(page)["new"] == n - (guide.breadth[0].topic == topic.id)
    assert current(page) == next(q.id for q in guide.breadth if q.topic == topic.id)
    page.get_by_label("Topic").select_option("")

    # starred only: the starred question is not due (graded Again: tomorrow), so nothing to show
    page.get_by_label("Starred only").check()
    assert counts(page) == {"due": 0, "new": 0, "learned": 1}
    assert "Next review" in page.inner_text(".g-review__q")
    page.get_by_label("Starred only").uncheck()

    # fresh attempt: no past grades, no next-review dates
    seed(page, {"cards": {first: DUE_CARD}, "fresh": True})
    page.reload()
    page.wait_for_selector(".g-review[data-ready]")
    assert page.get_by_label("Fresh attempt (hide my past grades)").is_checked()
    assert page.inner_text(".g-review__past").strip() == ""
    page.get_by_role("button", name="Show answer").click()
    page.locator(".g-review__grade").wait_for(state="visible")
    assert "next" not in page.inner_text(".g-review__grade")
    page.get_by_label("Fresh attempt (hide my past grades)").uncheck()
    assert "Last graded Good" in page.inner_text(".g-review__past")
    assert page.console_errors == []


def test_export_carries_the_review_and_a_hostile_import_is_refused(page, site, guide, tmp_path):
    q = guide.breadth[2].id
    page.goto(site + "checklists/")
    seed(page, {"cards": {q: DUE_CARD}, "stars": [q], "notes": {q: "mine"}})
    page.reload()
    page.wait_for_function("window.__gStarted === true")
    data = export_file(page, tmp_path)
    assert data["review"] == {"cards": {q: DUE_CARD}, "stars": [q], "notes": {q: "mine"}}

    before = stored(page)
    for bad, message in [
        (dict(DUE_CARD, grade=7), "grade that is not 1, 2, 3 or 4"),
        (dict(DUE_CARD, due="someday"), "due date that does not parse"),
        (dict(DUE_CARD, state="learning"), "“state”"),
    ]:
        hostile = {"version": 1, "ticks": {}, "review": {"cards": {q: bad}}}
        import_text(page, tmp_path, json.dumps(hostile))
        msg = page.locator(".g-panel .g-msg")
        msg.wait_for(state="visible")
        assert message in msg.inner_text() and "Nothing was changed" in msg.inner_text(), msg.inner_text()
        assert stored(page) == before

    # a good file replaces the review state
    good = {"version": 1, "review": {"cards": {}, "stars": [guide.breadth[0].id]}}
    import_text(page, tmp_path, json.dumps(good))
    page.wait_for_function("document.querySelector('.g-panel .g-msg').textContent.startsWith('Progress imported')")
    assert stored(page)["review"] == good["review"]
    assert page.console_errors == []


def test_review_works_after_instant_navigation(page, site, guide):
    page.goto(site + "breadth/")
    page.wait_for_function("window.__gStarted === true")
    page.evaluate("window.__same_document = true")
    page.locator("article a[href$='breadth/review/']").first.click()
    page.wait_for_url("**/breadth/review/")
    page.wait_for_selector(".g-review[data-ready]")
    first = current(page)
    page.get_by_role("button", name="Show answer").click()
    page.locator(".g-review__grade").wait_for(state="visible")
    page.get_by_role("button", name=re.compile("^Easy")).click()
    page.wait_for_function(f"document.querySelector('.g-review').dataset.current !== {json.dumps(first)}")
    # away and back again, still without a reload: mounted once, the grade kept
    page.locator(".md-nav a[href$='breadth/evaluation/']").first.click()
    page.wait_for_url("**/breadth/evaluation/")
    page.go_back()
    page.wait_for_url("**/breadth/review/")
    page.wait_for_selector(".g-review[data-ready]")
    assert page.evaluate("window.__same_document === true"), "instant navigation did not engage"
    assert int(page.inner_text("[data-count=learned]")) == 1
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    assert fetched.count("review.js") == 1 and fetched.count("ts-fsrs.umd.js") == 1, fetched
    assert page.console_errors == []


def test_first_visit_loads_neither_ts_fsrs_nor_answers(page, site):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    open_review(page, site)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/assets/review.js") for u in seen)
    assert not [u for u in seen if "ts-fsrs" in u or re.search(r"/breadth/[a-z-]+/$", u) and "review" not in u], seen


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_with_an_answer_shown_passes_axe(browser, site, scheme):
    from bench import axe_violations, settle
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 740})
    try:
        page = ctx.new_page()
        open_review(page, site)
        settle(page)
        page.get_by_role("button", name="Show answer").click()
        page.locator(".g-review__grade").wait_for(state="visible")
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)]
        assert not found, found
    finally:
        ctx.close()
