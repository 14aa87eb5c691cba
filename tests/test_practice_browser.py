"""Practice tools in a real browser (Playwright + Debian Chromium), on the site served under a
sub-path: the study planner makes a plan from the reader's inputs, the same inputs give the same
plan, E6 gets more system design hours than E4, ticks, rubric scores and stories persist and are in
the progress export, the prompt cards start the mock-round timer, and without JavaScript the
planner page still explains itself and shows its estimates."""

from __future__ import annotations

import json

import pytest

from tests.helpers import RECORD_SHIFTS

pytestmark = pytest.mark.browser

KEY = "/mle-interview-guide/.guide"


def make_plan(page, weeks: int, hours: float, level: str) -> list[dict]:
    page.fill("input[name=weeks]", str(weeks))
    page.fill("input[name=hours]", str(hours))
    page.select_option("select[name=level]", level)
    page.get_by_role("button", name="Make my plan").click()
    page.wait_for_selector(f".g-plan__summary:has-text('{level}')")
    return plan_items(page)


def plan_items(page) -> list[dict]:
    return page.eval_on_selector_all(".g-plan__week", """weeks => weeks.map(w => ({
        week: w.getAttribute('data-week'),
        items: Array.from(w.querySelectorAll('li.g-plan__item')).map(li => ({
            id: li.querySelector('input').getAttribute('data-plan-item'), area: li.getAttribute('data-area'),
            hours: Number(li.getAttribute('data-hours')), title: li.querySelector('label span').textContent}))}))""")


def area_hours(plan: list[dict], area: str) -> float:
    return sum(it["hours"] for wk in plan for it in wk["items"] if it["area"] == area)


def stored(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}) || '{{}}')")


def test_planner_makes_the_same_plan_for_the_same_inputs_and_weighs_by_level(page, served_site, browser):
    page.goto(served_site + "planner/")
    first = make_plan(page, 6, 8, "E5")
    assert len(first) == 6 and all(wk["items"] for wk in first)
    assert all(sum(it["hours"] for it in wk["items"]) <= 8 for wk in first)
    areas = {it["area"] for wk in first for it in wk["items"]}
    # the AI-assisted round of Meta's onsite (issue 13) gets its mock rounds too
    assert areas == {"coding", "ml-system-design", "behavioral", "ai-assisted-coding"}
    assert any("Mock" in it["title"] for it in first[-1]["items"]), "mock rounds come at the end"

    # again, after a reload, and in a fresh browser profile: the same plan
    assert make_plan(page, 6, 8, "E5") == first
    page.reload()
    page.wait_for_selector(".g-plan__week")
    assert plan_items(page) == first
    other = browser.new_context().new_page()
    other.goto(served_site + "planner/")
    assert make_plan(other, 6, 8, "E5") == first
    other.context.close()

    # E6 has two design rounds to E4's one: more system design hours for the same time
    e4 = make_plan(page, 6, 8, "E4")
    e6 = make_plan(page, 6, 8, "E6")
    assert area_hours(e6, "ml-system-design") > area_hours(e4, "ml-system-design"), \
        (area_hours(e4, "ml-system-design"), area_hours(e6, "ml-system-design"))
    assert "E6 (Staff) loop" in page.inner_text(".g-plan__summary")
    assert page.console_errors == []


def test_bad_inputs_get_a_message(page, served_site):
    page.goto(served_site + "planner/")
    page.fill("input[name=hours]", "0.7")
    page.evaluate("document.querySelector('.g-planner__form').noValidate = true")
    page.get_by_role("button", name="Make my plan").click()
    assert "Hours a week should be from 1 to 60" in page.inner_text(".g-planner__form .g-msg")
    assert page.locator(".g-plan").count() == 0


def test_plan_ticks_persist(page, served_site):
    page.goto(served_site + "planner/")
    plan = make_plan(page, 4, 10, "E5")
    first_id = plan[0]["items"][0]["id"]
    page.check(f"input[data-plan-item='{first_id}']")
    assert page.inner_text(".g-plan__bar .g-count").startswith("1 of ")
    page.reload()
    page.wait_for_selector(".g-plan__week")
    assert page.is_checked(f"input[data-plan-item='{first_id}']")
    assert stored(page)["plan"]["done"] == [first_id]
    # the same plan made again keeps the tick; the form shows the stored inputs
    assert page.input_value("input[name=weeks]") == "4" and page.input_value("select[name=level]") == "E5"
    make_plan(page, 4, 10, "E5")
    assert page.is_checked(f"input[data-plan-item='{first_id}']")
    assert page.console_errors == []


def test_scores_and_stories_persist_and_are_exported(page, served_site, tmp_path):
    page.goto(served_site + "practice/")
    page.locator("form[data-level-picker]").get_by_label("E6 (Staff)").check()
    rubric = page.locator(".g-rubric[data-rubric='ml-system-design']")
    rubric.locator("[data-levels='E6']").get_by_label("Deployment and safeguards: weak").check()
    rubric.locator("[data-levels='E6']").get_by_label("Features: strong").check()
    rubric.locator("[data-levels='E6']").get_by_label("Problem navigation: solid").check()
    assert rubric.locator("[data-levels='E5']").is_hidden() and rubric.locator("[data-levels='E4']").is_hidden()
    ranked = rubric.locator(".g-rubric__ranked li").evaluate_all("l => l.map(li => li.dataset.row)")
    assert ranked == ["deployment", "navigation", "features"], "lowest score first"
    assert "To reach solid:" in rubric.locator(".g-rubric__ranked li").first.inner_text()

    bank = page.locator(".g-story-bank")
    bank.get_by_label("Story title").fill("Cut feed latency by a third")
    bank.get_by_label("Driving results").check()
    bank.get_by_label("Resolving conflict").check()
    bank.get_by_role("button", name="Add the story").click()
    gaps = bank.locator("tr.g-gap th").all_inner_texts()
    assert "Driving results" not in gaps and "Handling ambiguity" in gaps
    assert "Still without a story: Handling ambiguity" in bank.inner_text()

    page.reload()
    rubric.locator(".g-rubric__ranked li").first.wait_for()
    assert rubric.locator("[data-levels='E6']").get_by_label("Deployment and safeguards: weak").is_checked()
    assert "Cut feed latency by a third" in bank.locator("tr[data-signal='conflict']").inner_text()

    page.goto(served_site + "checklists/")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "export.json"
    dl.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["scores"] == {"ml-system-design": {"deployment": 1, "features": 3, "navigation": 2}}
    assert data["stories"] == [{"title": "Cut feed latency by a third", "signals": ["driving-results", "conflict"]}]
    assert data["level"] == "E6"
    assert page.console_errors == []


def test_a_returning_readers_level_shows_its_rubric_from_the_first_paint(browser, served_site):
    """theme.js puts the saved level on <html> before the page is drawn, and each rubric's CSS
    shows that level's table alone: what practice-ui.js shows once it runs, so nothing moves."""
    from urllib.parse import urlparse
    saved = json.dumps({"version": 1, "level": "E6"})
    key = urlparse(served_site).path + ".guide"
    context = browser.new_context()
    try:
        context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(saved)})")
        context.route(lambda url: url.endswith((".min.js", "/guide.js", "/practice.js")), lambda route: route.abort())
        pg = context.new_page()
        pg.goto(served_site + "practice/")   # no script of Material's or the guide's: the first paint
        rubric = pg.locator(".g-rubric[data-rubric='ml-system-design']")
        assert rubric.locator("[data-levels='E6']").is_visible()
        assert rubric.locator("[data-levels='E5']").is_hidden() and rubric.locator("[data-levels='E4']").is_hidden()
        context.unroute_all()
        pg.goto(served_site + "practice/")
        pg.wait_for_function("window.PracticeUI")
        pg.locator("form[data-level-picker]").get_by_label("E5 (Senior)").check()
        assert rubric.locator("[data-levels='E5']").is_visible()
        assert rubric.locator("[data-levels='E4']").is_hidden() and rubric.locator("[data-levels='E6']").is_hidden()
        pg.locator("form[data-level-picker]").get_by_label("All levels").check()
        assert all(rubric.locator(f"[data-levels='{lv}']").is_visible() for lv in ("E4", "E5", "E6"))
    finally:
        context.close()


def test_import_checks_the_practice_sections(page, served_site, tmp_path):
    page.goto(served_site + "checklists/")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "ticks": {}, "scores": {"ml-system-design": {"serving": 7}}}))
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress…").click()
    fc.value.set_files(str(bad))
    msg = page.locator(".g-panel .g-msg")
    msg.filter(has_text="Nothing was changed").wait_for()
    assert "should be 1, 2 or 3" in msg.inner_text()
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"version": 1, "stories": [{"title": "Imported story", "signals": ["growth"]}]}))
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress…").click()
    fc.value.set_files(str(good))
    msg.filter(has_text="Progress imported").wait_for()
    page.goto(served_site + "practice/")
    # the story bank fills its table once its script has run (after the first paint)
    page.locator("tr[data-signal='growth']").filter(has_text="Imported story").wait_for(timeout=10000)


def test_a_prompt_card_starts_the_mock_round_timer(page, served_site):
    page.goto(served_site + "prompts/")
    card = page.locator(".g-prompt[data-prompt=video-recommendations]")
    card.get_by_role("button", name="Start this prompt with the mock-round timer").click()
    timer = page.locator(".g-timer[data-timer='ml-system-design']")
    assert "Prompt: Video recommendations" in timer.locator(".g-timer__prompt").inner_text()
    assert timer.get_by_role("button", name="Pause").is_visible()
    # another prompt while the round runs asks first, then starts again with the new prompt
    page.once("dialog", lambda d: d.accept())
    page.locator(".g-prompt[data-prompt=feed-ranking]").get_by_role("button", name="Start this prompt with the mock-round timer").click()
    assert "Prompt: Home feed ranking" in timer.locator(".g-timer__prompt").inner_text()
    assert timer.get_by_role("button", name="Pause").is_visible()
    assert page.console_errors == []


def test_without_javascript_the_planner_explains_itself(browser, served_site):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(served_site + "planner/")
    assert page.locator("noscript").count() == 1
    note = page.locator("noscript p")   # (get_by_text does not look inside <noscript>)
    assert note.is_visible() and "The planner needs JavaScript" in note.text_content()
    assert page.locator(".g-planner__form").is_hidden()
    assert page.locator("table.g-estimates tbody tr").count() >= 8
    assert "How the plan is made" in page.inner_text("article")
    page.goto(served_site + "practice/")
    assert page.locator(".g-rubric__table").count() == 5   # design: E4, E5, E6; behavioral: E4 and E5, E6
    assert page.locator("input.g-score").first.is_hidden()
    assert page.locator(".g-story-bank__form").is_hidden()
    page.goto(served_site + "prompts/")
    assert page.locator(".g-prompt__start").first.is_hidden()
    # the controls are in the HTML (so that they show from the first paint with JavaScript on): with it
    # off, not one of them shows, nor the tools' empty-state texts
    tools = ".g-planner, .g-rubric, .g-story-bank, .g-prompts"
    for path in TOOL_PAGES:
        page.goto(served_site + path)
        assert page.locator(tools).count() > 0, path
        shown = page.locator(f":is({tools}) :is(form, input, select, button, .g-ctl, .g-story-bank__none)").evaluate_all(
            "els => els.filter(e => e.getClientRects().length).map(e => e.outerHTML.slice(0, 80))")
        assert shown == [], (path, shown)
    ctx.close()


def test_when_a_tool_cannot_load_its_controls_go_and_a_note_says_so(page, served_site):
    page.route("**/assets/practice-ui.js", lambda route: route.abort())
    page.route("**/assets/prompt-timer.js", lambda route: route.abort())
    note = "The practice tools could not be loaded. Reload the page to try again."
    for path, tool in (("planner/", ".g-planner"), ("practice/", ".g-story-bank"), ("prompts/", ".g-prompts")):
        page.goto(served_site + path)
        page.get_by_role("status").filter(has_text=note).first.wait_for()
        shown = page.locator(f"{tool} :is(form, button, input)").evaluate_all("els => els.filter(e => e.getClientRects().length).length")
        assert shown == 0, path


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_tools_in_use_pass_axe(browser, served_site, scheme):
    from bench import axe_violations, settle
    ctx = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = ctx.new_page()
    page.goto(served_site + "planner/")
    make_plan(page, 3, 4, "E6")          # a short plan: some tasks are left out, so that list shows too
    page.locator(".g-plan__left summary").click()
    page.locator(".g-plan__item input").first.check()
    settle(page)
    found = {"planner": axe_violations(page)}
    page.goto(served_site + "practice/")
    page.locator(".g-rubric[data-rubric='behavioral']").get_by_label("Resolving conflict: weak").first.check()
    bank = page.locator(".g-story-bank")
    bank.get_by_label("Story title").fill("Shipped the ranking rewrite")
    bank.get_by_label("Handling ambiguity").check()
    bank.get_by_role("button", name="Add the story").click()
    settle(page)
    found["practice"] = axe_violations(page)
    ctx.close()
    bad = {k: [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in vs] for k, vs in found.items() if vs}
    assert not bad, bad


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory):
    """A build whose site_url is the local server's own address, so instant navigation engages."""
    import socket

    import sitetools
    from tests.conftest import SUBPATH
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path_factory.mktemp("practice-instant")
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    result = sitetools.build(out, site_url=url)
    assert result.returncode == 0, result.stderr
    server = sitetools.serve(out, SUBPATH, port=port)
    yield server.base_url
    server.stop()


def test_tools_work_after_instant_navigation(page, instant_site):
    page.goto(instant_site + "wrap-up/")
    page.wait_for_function("window.__gStarted === true")   # scripts load after the first paint
    page.evaluate("window.__same_document = true")
    page.locator("article a[href$='planner/']").last.click()
    page.wait_for_url("**/planner/")
    make_plan(page, 4, 6, "E4")
    page.locator(".md-nav a[href$='practice/']").first.click()
    page.wait_for_url("**/practice/")
    page.locator(".g-rubric[data-rubric='ml-system-design'] input.g-score").first.wait_for(state="visible")
    page.locator(".md-nav a[href$='prompts/']").first.click()
    page.wait_for_url("**/prompts/")
    button = page.locator(".g-prompt[data-prompt=similar-listings]").get_by_role("button", name="Start this prompt with the mock-round timer")
    button.click()
    assert "Prompt: Similar listings" in page.locator(".g-timer__prompt").inner_text()
    page.go_back()
    page.wait_for_url("**/practice/")
    page.locator(".g-story-bank__form").wait_for(state="visible")
    assert page.evaluate("window.__same_document === true"), "instant navigation did not engage"
    assert page.locator(".g-rubric__focus h3").count() == 2, "a tool was mounted twice or not at all"
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    assert fetched.count("practice-ui.js") == 1 and fetched.count("planner-core.js") == 1, fetched
    assert page.evaluate("getComputedStyle(document.querySelector('.g-rubric__focus')).borderLeftStyle") == "solid"
    assert page.console_errors == []


def test_the_plan_prints_as_a_checklist_without_its_controls(page, served_site, tmp_path):
    import shutil
    import subprocess
    page.goto(served_site + "planner/")
    plan = make_plan(page, 2, 5, "E5")
    first = plan[0]["items"][0]
    page.check(f"input[data-plan-item='{first['id']}']")
    page.emulate_media(media="print")
    assert page.locator(".g-planner__form").is_hidden() and page.locator(".g-plan__bar").is_hidden()
    assert page.locator(".g-plan__week").first.is_visible()
    assert page.locator(".g-plan__item input.g-check").first.is_visible(), "boxes print, to tick with a pen"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is missing (poppler-utils)")
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Week 1" in text and "Week 2" in text and first["title"][:30] in text
    for control in ("Make my plan", "Untick everything", "Hours a week", " done"):
        assert control not in text, f"{control!r} is on paper"


# -- no layout shift when the tools mount ----------------------------------------------------------

# The site's own scripts (and the tools' styles, were they a file again) arrive late, as on a slow
# phone network: the page paints first, then the tools mount. Mounting must not move anything painted.
LATE_SCRIPTS = ("guide.js", "practice.js", "practice-ui.js", "planner-core.js", "prompt-timer.js", "practice.css")
TOOL_PAGES = ["planner/", "prompts/", "practice/"]


def mounted(page, path: str) -> None:
    """Wait until the tools on the page are mounted, then a little longer for anything late."""
    if path == "planner/":
        page.wait_for_function("window.PracticeUI")
        page.locator(".g-planner__form button[type=submit]").wait_for(state="visible")
    if path == "practice/":
        page.wait_for_function("window.PracticeUI")
    if path == "prompts/":
        page.wait_for_function("window.PracticePromptTimer")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)
    page.evaluate("() => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)))")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_tools_mount_without_moving_the_page(browser, served_site, width):
    """Layout shifts (what Lighthouse's CLS adds up) from load until the tools are mounted, on a first
    visit: none. (A returning reader's saved level shows from the first paint: see the test above;
    a saved plan is still drawn after it.)"""
    import time
    size = {"phone": dict(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True, device_scale_factor=2.625),
            "desktop": dict(viewport={"width": 1350, "height": 940})}[width]
    ctx = browser.new_context(**size)
    page = ctx.new_page()
    page.add_init_script(RECORD_SHIFTS)

    def late(route):
        time.sleep(0.3)
        route.continue_()
    page.route(lambda url: url.rsplit("/", 1)[-1].split("?")[0] in LATE_SCRIPTS, late)
    shifted = {}
    for path in TOOL_PAGES:
        page.goto(served_site + path)
        mounted(page, path)
        shifts = [s for s in page.evaluate("window.__shifts") if not s["recentInput"]]
        total = sum(s["value"] for s in shifts)
        if total >= 0.001:
            shifted[path] = (round(total, 4), [(round(s["value"], 4), round(s["startTime"]), s["sources"]) for s in shifts])
    ctx.close()
    assert not shifted, "\n".join(f"{p}: CLS {t}\n" + "\n".join(f"  {v} at {ms} ms: {src}" for v, ms, src in s)
                                  for p, (t, s) in shifted.items())
