"""The interactive widgets in a real browser (Playwright + Debian Chromium): checklists that
remember, export and import, the level picker, the mock-round timer, instant navigation.

The site is built once for this module with site_url = the local server's own address under /sub/,
so Material's instant navigation really engages; the same build is also served under /other/ on
the same origin, as a second copy of the site under another base path.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from playwright.sync_api import expect

import sitetools
from macros import render
from macros.loader import load_guide
from tests.helpers import DATA, RECORD_SHIFTS

pytestmark = pytest.mark.browser

PAGES = ["", "process/", "coding/", "ml-system-design/", "behavioral/", "wrap-up/", "checklists/", "resources/"]
TIMER_PAGES = {"coding": "coding/", "ml-system-design": "prompts/", "behavioral": "behavioral/"}


# -- one server, several copies of the site under different prefixes --------------------------------

class Mounts(http.server.ThreadingHTTPServer):
    """Serves mounts[prefix] at http://127.0.0.1:PORT{prefix}; tests may swap a mount's folder."""

    def __init__(self):
        self.mounts: dict[str, Path] = {}
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.port}{prefix}"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        for prefix, root in self.server.mounts.items():
            if path.startswith(prefix):
                target = (root / path[len(prefix):]).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if target.is_file() and root.resolve() in target.parents:
                    body = target.read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", sitetools._content_type(target))
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Cache-Control", "no-store")
                    self.end_headers()
                    self.wfile.write(body)
                    return
        self.send_error(404)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Mounts()
    out = tmp_path_factory.mktemp("widgets-site")
    result = sitetools.build(out, site_url=srv.url("/sub/"))
    assert result.returncode == 0, result.stderr
    srv.mounts.update({"/sub/": out, "/other/": out})
    srv.site = out
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def site(server) -> str:
    return server.url("/sub/")


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


MOUNTED_JS = "() => window.Guide && Guide.mounted > 0"


def settle(pg):
    """The page's scripts load after its first paint (macros/afterpaint.py): wait until guide.js
    has mounted the widgets (Guide.mounted counts the pages it mounted)."""
    pg.wait_for_function(MOUNTED_JS)


@pytest.fixture
def page(page):
    """conftest's page, whose goto() and reload() also wait until guide.js has mounted the page
    (goto(..., mounted=False) for a page without the guide's scripts)."""
    for name in ("goto", "reload"):
        def waiting(*args, _real=getattr(page, name), mounted=True, **kwargs):
            response = _real(*args, **kwargs)
            if mounted:
                settle(page)
            return response
        setattr(page, name, waiting)
    return page


def stored(page) -> dict:
    raw = page.evaluate("localStorage.getItem(Guide.base + '.guide')")
    return json.loads(raw) if raw else {}


def box(page, item_id):
    return page.locator(f'input.g-check[data-item="{item_id}"]')


def count_of(page, checklist_id) -> str:
    return page.locator(f'.g-checklist[data-checklist="{checklist_id}"] .g-count').text_content()


# -- checklists -------------------------------------------------------------------------------------

def test_tick_survives_reload_and_shows_on_every_page_with_the_item(page, site, guide):
    cl = guide.checklists[1]
    first, last = cl.items[0], cl.items[-1]
    page.goto(site + "checklists/")
    total = sum(len(c.items) for c in guide.checklists)
    assert page.locator(".g-panel .g-count").text_content() == f"All checklists: 0 of {total} done"
    # a click on the item's text ticks it: the checkbox's accessible name is the text
    page.get_by_role("checkbox", name=first.text, exact=True).click()
    page.get_by_role("checkbox", name=last.text, exact=True).check()
    assert count_of(page, cl.id) == f"2 of {len(cl.items)} done"
    assert page.locator(".g-panel .g-count").text_content() == f"All checklists: 2 of {total} done"
    page.reload()
    assert box(page, first.id).is_checked() and box(page, last.id).is_checked()
    assert not box(page, cl.items[1].id).is_checked()
    assert count_of(page, cl.id) == f"2 of {len(cl.items)} done"
    assert stored(page)["ticks"] == {cl.id: [first.id, last.id]}
    # the chapter that shows the same checklist shows the same ticks
    chapter = next(p for p in PAGES if p not in ("checklists/",)
                   and f'data-checklist="{cl.id}"' in (page.context.request.get(site + p).text()))
    page.goto(site + chapter)
    assert box(page, first.id).is_checked() and box(page, last.id).is_checked()
    box(page, first.id).uncheck()
    page.goto(site + "checklists/")
    assert not box(page, first.id).is_checked() and box(page, last.id).is_checked()
    assert page.console_errors == []


def test_reordered_and_inserted_items_keep_ticks_and_removed_ones_are_dropped(
        page, server, site, guide, scratch_project, tmp_path):
    cl = guide.checklists[1]
    keep_a, keep_b, removed = cl.items[0].id, cl.items[-1].id, cl.items[1].id
    page.goto(site + "checklists/")
    for item in (keep_a, keep_b, removed):
        box(page, item).check()
    assert set(stored(page)["ticks"][cl.id]) == {keep_a, keep_b, removed}

    data_file = scratch_project / "data" / "guide.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    items = data["checklists"][1]["items"]
    items.reverse()
    items[:] = [i for i in items if i["id"] != removed]
    items.insert(1, {"id": "a-new-item", "text": "A new item inserted by a test."})
    data_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "reordered"
    result = sitetools.build(out, project=scratch_project, site_url=site)
    assert result.returncode == 0, result.stderr

    server.mounts["/sub/"] = out  # the same address now serves the changed site
    try:
        page.goto(site + "checklists/")
        ids = page.locator(f'.g-checklist[data-checklist="{cl.id}"] input.g-check').evaluate_all(
            "els => els.map(e => e.dataset.item)")
        assert ids[0] == keep_b and ids[1] == "a-new-item" and ids[-1] == keep_a and removed not in ids
        assert box(page, keep_a).is_checked() and box(page, keep_b).is_checked()
        assert not box(page, "a-new-item").is_checked()
        assert count_of(page, cl.id) == f"2 of {len(ids)} done"
        assert sorted(stored(page)["ticks"][cl.id]) == sorted([keep_a, keep_b])
    finally:
        server.mounts["/sub/"] = server.site
    assert page.console_errors == []


def test_two_copies_under_different_base_paths_keep_separate_progress(page, server, guide):
    cl = guide.checklists[0]
    a, b = cl.items[0].id, cl.items[1].id
    page.goto(server.url("/sub/checklists/"))
    box(page, a).check()
    page.goto(server.url("/other/checklists/"))
    assert not box(page, a).is_checked()
    box(page, b).check()
    page.goto(server.url("/sub/checklists/"))
    assert box(page, a).is_checked() and not box(page, b).is_checked()
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('.guide')).sort()")
    assert keys == ["/other/.guide", "/sub/.guide"]
    assert page.console_errors == []


def export_file(page, tmp_path) -> Path:
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    return path


def import_file(page, path):
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress…").click()
    fc.value.set_files(str(path))


def test_export_reset_import_restores(page, site, guide, tmp_path):
    cl = guide.checklists[2]
    ticked = [cl.items[0].id, cl.items[2].id]
    page.goto(site)
    page.get_by_role("radio", name=re.compile("^E6 ")).check()
    page.goto(site + "checklists/")
    for item in ticked:
        box(page, item).check()
    path = export_file(page, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.name.startswith("guide-progress-") and path.suffix == ".json"
    assert data["version"] == 1 and data["site"] == "/sub/" and data["level"] == "E6"
    assert data["ticks"] == {cl.id: ticked}

    page.once("dialog", lambda d: d.dismiss())  # cancelling the confirmation changes nothing
    page.locator(f'.g-checklist[data-checklist="{cl.id}"]').get_by_role("button", name="Reset this checklist").click()
    assert all(box(page, i).is_checked() for i in ticked)
    page.once("dialog", lambda d: d.accept())
    page.locator(f'.g-checklist[data-checklist="{cl.id}"]').get_by_role("button", name="Reset this checklist").click()
    assert not any(box(page, i).is_checked() for i in ticked)
    assert count_of(page, cl.id) == f"0 of {len(cl.items)} done"
    page.reload()
    assert not any(box(page, i).is_checked() for i in ticked)

    import_file(page, path)
    expect(page.locator(".g-msg")).to_have_text("Progress imported: 2 ticked items.")
    assert all(box(page, i).is_checked() for i in ticked)
    page.reload()
    assert all(box(page, i).is_checked() for i in ticked)
    assert stored(page)["ticks"] == {cl.id: ticked}
    assert page.console_errors == []


BAD_FILES = [
    ("this is not json", "This file is not JSON"),
    ('{"ticks": {}}', "not a progress export from this guide"),
    ('[1, 2, 3]', "not a progress export from this guide"),
    ('{"version": 2, "ticks": {}}', "has version 2; this guide reads version 1"),
    ('{"version": 1, "ticks": ["a"]}', "not a valid progress export"),
    ('{"version": 1, "ticks": {"process": [3]}}', "not a valid progress export"),
    ('{"version": 1, "ticks": {"process": ["ok"]}, "level": 5}', "“level” should be a level id"),
    ('{"version": 1, "other": 1}', "holds no progress this guide knows"),
]


def test_malformed_import_is_refused_and_changes_nothing(page, site, guide, tmp_path):
    cl = guide.checklists[0]
    page.goto(site + "checklists/")
    box(page, cl.items[0].id).check()
    before = stored(page)
    msg = page.locator(".g-msg")
    for n, (content, message) in enumerate(BAD_FILES):
        bad = tmp_path / f"bad{n}.json"
        bad.write_text(content, encoding="utf-8")
        page.evaluate("document.querySelector('.g-msg').textContent = ''")
        import_file(page, bad)
        expect(msg).to_contain_text("Nothing was changed.")
        assert message in msg.inner_text(), content
        expect(msg).to_have_class(re.compile("g-bad"))
        assert stored(page) == before and box(page, cl.items[0].id).is_checked()
    page.reload()
    assert box(page, cl.items[0].id).is_checked() and stored(page) == before
    assert page.console_errors == []


def test_a_tick_in_another_tab_shows_here(page, site, guide):
    cl = guide.checklists[0]
    page.goto(site + "checklists/")
    other = page.context.new_page()
    other.goto(site + "checklists/")
    settle(other)
    box(other, cl.items[0].id).check()
    expect(box(page, cl.items[0].id)).to_be_checked()
    expect(page.locator(f'.g-checklist[data-checklist="{cl.id}"] .g-count')).to_have_text(f"1 of {len(cl.items)} done")
    other.close()
    assert page.console_errors == []


def test_storage_unavailable_still_works_for_the_visit_with_a_note(page, site, guide):
    page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    cl = guide.checklists[0]
    page.goto(site + "checklists/")
    note = page.locator(".g-note:visible")   # every widget carries one; the page shows the first
    assert note.count() == 1 and "will last only for this visit" in note.text_content()
    box(page, cl.items[0].id).check()
    assert count_of(page, cl.id) == f"1 of {len(cl.items)} done"
    assert page.console_errors == []


# -- level picker --------------------------------------------------------------------------------------

def visible_loops(page) -> list[str]:
    """The levels the visible "your loop" blocks are for (one block per company and level)."""
    shown = page.locator(".g-your-loop [data-level]:visible").evaluate_all("els => els.map(e => e.dataset.level)")
    return list(dict.fromkeys(shown))


def test_level_choice_persists_and_highlights(page, site, guide):
    levels = [lv.id for lv in guide.levels]
    page.goto(site)
    picker = page.locator("form[data-level-picker]")
    assert picker.is_visible()
    assert visible_loops(page) == levels and page.locator(".g-pick").count() == 0
    page.get_by_role("radio", name=re.compile(f"^{levels[-1]} ")).check()
    assert visible_loops(page) == [levels[-1]]
    page.reload()
    assert page.get_by_role("radio", name=re.compile(f"^{levels[-1]} ")).is_checked()
    assert visible_loops(page) == [levels[-1]]
    # another page with a comparison table highlights the same level
    page.goto(site + "process/")  # the home page has no level table since issue 13; the process chapter has
    picked = page.locator(".g-level-table .g-pick")
    assert picked.count() > 0
    assert set(picked.evaluate_all("els => els.map(e => e.dataset.level)")) == {levels[-1]}
    header = page.locator(f'.g-level-table th[data-level="{levels[-1]}"]').first
    assert "g-pick" in header.get_attribute("class") and "your level" in header.evaluate(
        "e => getComputedStyle(e, '::after').content")
    page.goto(site)
    page.get_by_role("radio", name="All levels").check()
    assert visible_loops(page) == levels and page.locator(".g-pick").count() == 0
    assert page.console_errors == []


def test_without_javascript_everything_reads_and_no_control_shows(browser, site):
    """The controls are in the built page (so that nothing moves when guide.js binds them), but
    none shows without JavaScript: no dead button, count or note."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    controls = ".g-ctl, .g-note, .md-content button, progress, .g-count"
    try:
        page.goto(site)
        assert page.locator("form[data-level-picker]").count() == 1
        assert not page.locator("form[data-level-picker]").is_visible()
        every = load_guide(DATA)
        assert page.locator(".g-your-loop [data-level]:visible").count() == len(every.levels) * len(every.companies)
        assert page.locator(".g-pick").count() == 0 and page.locator(f":is({controls}):visible").count() == 0
        page.goto(site + "coding/")
        plan = page.locator(".g-timer__plan li")
        assert plan.count() > 5 and plan.first.is_visible()
        assert page.locator(".g-timer button").count() == 3
        assert page.locator(f":is({controls}, .g-timer__now, .g-timer__clocks):visible").count() == 0
        page.goto(site + "checklists/")
        assert page.locator("input.g-check").first.is_visible()
        assert page.locator(".g-panel, .g-bar").count() > 1
        assert page.locator(f":is({controls}, .g-panel):visible").count() == 0
    finally:
        context.close()


def test_the_build_renders_the_controls_as_guide_js_shows_them(browser, server, site):
    """On a first visit, mounting binds the built controls and changes none of their text, so
    nothing on the page can move: the texts with JavaScript off equal those once guide.js ran."""
    texts = ("() => [...document.querySelectorAll('.g-checklist .g-ctl, .g-panel, .g-timer .g-ctl, .g-level-picker')]"
             ".map(e => e.textContent.replace(/\\s+/g, ' ').trim())")
    before, after = {}, {}
    for js, out in ((False, before), (True, after)):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        try:
            for p in widget_pages(server.site):
                page.goto(site + p)
                if js:
                    page.wait_for_function(MOUNTED)
                out[p] = page.evaluate(texts)
        finally:
            context.close()
    assert all(before[p] for p in before)
    assert before == after


# -- timer -------------------------------------------------------------------------------------------

def mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def timer_texts(timer) -> dict:
    return {
        "now": timer.locator(".g-timer__now strong").text_content(),
        "phase": timer.locator(".g-timer__clocks b").nth(0).text_content(),
        "round": timer.locator(".g-timer__clocks b").nth(1).text_content(),
        "next": timer.locator(".g-timer__next").text_content(),
        "say": timer.locator(".g-timer__say").text_content(),
    }


def freeze(page):
    """Stop the installed clock once the page has mounted: from here on, time moves only when the
    test moves it (a loaded machine would otherwise let a second pass between two reads)."""
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)


@pytest.mark.parametrize("round_id", list(TIMER_PAGES))
def test_timer_runs_through_every_phase(page, site, guide, round_id):
    phases = render.timer_phases(guide, round_id)
    total = sum(p["seconds"] for p in phases)
    page.clock.install()
    page.goto(site + TIMER_PAGES[round_id])
    freeze(page)
    timer = page.locator(f'.g-timer[data-timer="{round_id}"]')
    assert json.loads(timer.get_attribute("data-phases")) == phases
    assert timer.get_attribute("role") == "group"
    assert timer_texts(timer)["round"] == mmss(total)
    timer.get_by_role("button", name="Start").click()
    left = total
    for i, phase in enumerate(phases):
        t = timer_texts(timer)
        assert t["now"] == phase["name"], f"phase {i}"
        assert t["phase"] == mmss(phase["seconds"]) and t["round"] == mmss(left)
        assert t["say"].startswith(("Started. " if i == 0 else "") + f"Phase {i + 1} of {len(phases)}: {phase['name']}")
        assert t["next"] == (f"Next: {phases[i + 1]['name']}" + f" ({phases[i + 1]['seconds'] // 60} min)"
                             if i + 1 < len(phases) else "Next: the end of the round")
        current = timer.locator(".g-timer__plan li[aria-current=step]")
        assert current.get_attribute("data-phase") == str(i)
        assert timer.locator(".g-timer__say").get_attribute("aria-live") == "polite"
        page.clock.fast_forward(phase["seconds"] * 1000 - 1000)
        assert timer_texts(timer)["phase"] == "0:01"
        page.clock.fast_forward(1000)
        left -= phase["seconds"]
    t = timer_texts(timer)
    assert t["now"] == "Round over" and t["round"] == "0:00" and t["say"] == "Round over. Time is up."
    assert timer.get_by_role("button", name="Start again").is_visible()
    assert timer.get_by_role("button", name="Skip to next phase").is_disabled()
    assert page.console_errors == []


def test_timer_pause_resume_skip_reset_keep_the_right_time(page, site, guide):
    phases = render.timer_phases(guide, "coding")
    total = sum(p["seconds"] for p in phases)
    page.clock.install()
    page.goto(site + "coding/")
    freeze(page)
    timer = page.locator('.g-timer[data-timer="coding"]')
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(65_000)
    timer.get_by_role("button", name="Pause").click()
    assert timer_texts(timer)["round"] == mmss(total - 65)
    assert timer_texts(timer)["say"] == f"Paused at {mmss(total - 65)} left in the round."
    page.clock.fast_forward(600_000)  # ten minutes away, paused: nothing moves
    assert timer_texts(timer)["round"] == mmss(total - 65)
    assert timer_texts(timer)["phase"] == mmss(phases[0]["seconds"] - 65)
    timer.get_by_role("button", name="Resume").click()
    page.clock.run_for(5_000)
    assert timer_texts(timer)["round"] == mmss(total - 70)
    # a background tab gets few timer callbacks: the time still comes from timestamps
    page.clock.fast_forward(phases[0]["seconds"] * 1000)
    t = timer_texts(timer)
    assert t["now"] == phases[1]["name"] and t["round"] == mmss(total - 70 - phases[0]["seconds"])
    timer.get_by_role("button", name="Skip to next phase").click()
    t = timer_texts(timer)
    assert t["now"] == phases[2]["name"]
    assert t["round"] == mmss(total - phases[0]["seconds"] - phases[1]["seconds"])
    assert t["say"].startswith(f"Phase 3 of {len(phases)}: {phases[2]['name']}")
    timer.get_by_role("button", name="Reset timer").click()
    t = timer_texts(timer)
    assert t["round"] == mmss(total) and t["say"] == "Timer reset." and t["now"].startswith("Ready to start")
    assert timer.get_by_role("button", name="Start").is_visible()
    # sound on: a beep at each phase change, without errors
    timer.get_by_role("checkbox", name="Beep at each phase change").check()
    timer.get_by_role("button", name="Start").click()
    timer.get_by_role("button", name="Skip to next phase").click()
    assert stored(page)["timer"] == {"sound": True}
    assert page.console_errors == []


# -- keyboard, navigation, errors, palettes ------------------------------------------------------------

def tab_to(page, selector: str, limit: int = 400):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def focus_ring(page) -> str:
    return page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                         "return s.outlineStyle + ' ' + s.outlineWidth; }")


def test_keyboard_only(page, site, guide):
    cl = guide.checklists[0]
    page.goto(site + "checklists/")
    tab_to(page, f'input.g-check[data-item="{cl.items[0].id}"]')
    assert focus_ring(page).startswith("solid")
    page.keyboard.press("Space")
    assert box(page, cl.items[0].id).is_checked()
    tab_to(page, ".g-bar button")
    page.once("dialog", lambda d: d.accept())
    page.keyboard.press("Enter")
    assert not box(page, cl.items[0].id).is_checked()

    page.goto(site)
    tab_to(page, "form[data-level-picker] input[name=g-level]")
    page.keyboard.press("ArrowRight")  # All levels -> first level
    assert len(visible_loops(page)) == 1

    page.clock.install()
    page.goto(site + "coding/")
    tab_to(page, ".g-timer .g-btn--main")
    assert focus_ring(page).startswith("solid")
    page.keyboard.press("Enter")
    assert page.locator(".g-timer .g-btn--main").text_content() == "Pause"
    page.keyboard.press("Space")
    assert page.locator(".g-timer .g-btn--main").text_content() == "Resume"
    assert page.console_errors == []


COUNT_INTERVALS = """
(() => {
  const live = new Set(), si = window.setInterval, ci = window.clearInterval;
  window.setInterval = function (fn, ms, ...rest) {
    const id = si.call(window, fn, ms, ...rest);
    if ((new Error().stack || "").includes("guide.js")) live.add(id);
    return id;
  };
  window.clearInterval = function (id) { live.delete(id); return ci.call(window, id); };
  window.__guideIntervals = () => live.size;
})();
"""


def test_instant_navigation_never_doubles_a_timer(page, site):
    page.add_init_script(COUNT_INTERVALS)
    page.goto(site + "coding/")
    page.evaluate("window.__samePage = true")
    timer = page.locator(".g-timer")
    timer.get_by_role("button", name="Start").click()
    assert page.evaluate("__guideIntervals()") == 1
    nav = page.locator("nav.md-nav--primary")
    for _ in range(3):
        n = page.evaluate("Guide.mounted")
        nav.locator("a[href$='/behavioral/']").first.click()
        page.wait_for_url("**/behavioral/")
        page.wait_for_function("n => Guide.mounted > n", arg=n)
        assert page.locator('.g-timer[data-timer="behavioral"] .g-timer__ui').count() == 1
        assert page.evaluate("window.__samePage") is True, "instant navigation did not engage"
        assert page.evaluate("__guideIntervals()") == 0
        n = page.evaluate("Guide.mounted")
        nav.locator("a[href$='/coding/']").first.click()
        page.wait_for_url("**/coding/")
        page.wait_for_function("n => Guide.mounted > n", arg=n)
        assert page.evaluate("__guideIntervals()") == 1
        assert page.locator(".g-timer__ui").count() == 1
    # still running, counted from its start, with one set of controls
    assert page.locator(".g-timer .g-btn--main").text_content() == "Pause"
    page.locator(".g-timer .g-btn--main").click()
    assert page.evaluate("__guideIntervals()") == 0
    assert page.console_errors == []


def test_no_console_error_on_any_page(page, site):
    for p in PAGES:
        page.goto(site + p)
        page.wait_for_load_state("load")
    page.goto(site + "404-does-not-exist/", mounted=False)
    assert page.console_errors == [] or all("404" in e for e in page.console_errors), page.console_errors


def luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def colours(locator) -> tuple[str, str]:
    return locator.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_palettes_keep_controls_readable(browser, site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site)
        settle(page)
        assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.get_by_role("radio", name=re.compile("^E5 ")).check()
        page.goto(site + "process/")  # the level tables are in the process chapter (issue 13)
        settle(page)
        fg, bg = colours(page.locator(".g-level-table th.g-pick").first)
        assert contrast(fg, bg) >= 4.5, ("picked level header", fg, bg)
        page.goto(site + "coding/")
        settle(page)
        fg, bg = colours(page.locator(".g-timer .g-btn--main"))
        assert contrast(fg, bg) >= 4.5, ("timer start button", fg, bg)
        page.goto(site + "checklists/")
        settle(page)
        fg, _ = colours(page.get_by_role("button", name="Export progress"))
        assert contrast(fg, page_bg) >= 4.5, ("export button", fg, page_bg)
    finally:
        context.close()


def test_export_format_checker_in_page(page, site):
    """Guide.parseExport, the check behind import, on the edge cases a file can bring."""
    page.goto(site)
    check = lambda text: page.evaluate("t => Guide.parseExport(t)", text)  # noqa: E731
    ok = check('{"version": 1, "site": "/x/", "ticks": {"a": ["b", "c"]}, "level": "E4", "future": {}}')
    assert ok == {"data": {"ticks": {"a": ["b", "c"]}, "level": "E4"}}
    assert check('{"version": 1, "timer": {"sound": false}}') == {"data": {"timer": {"sound": False}}}
    for bad in ['', 'null', '"text"', '{"version": "1", "ticks": {}}', '{"version": 1, "ticks": {"a": "b"}}',
                '{"version": 1, "ticks": {"<script>": []}}', '{"version": 1, "timer": {"sound": "yes"}}']:
        assert "error" in check(bad), bad
    assert page.console_errors == []


# -- no layout shift when the widgets mount ----------------------------------------------------------

# guide.js has mounted the page, and the widgets show their text and the level picker.
MOUNTED = """() => window.Guide && Guide.mounted > 0 && document.readyState === "complete"
  && [...document.querySelectorAll(".g-checklist .g-count, .g-panel .g-count, .g-timer__now strong")].every(e => e.textContent.trim())
  && [...document.querySelectorAll("form[data-level-picker]")].every(f => f.getClientRects().length)"""
SIZES = {"phone": dict(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True, device_scale_factor=1.75),
         "desktop": dict(viewport={"width": 1350, "height": 940})}


def widget_pages(site_dir: Path) -> list[str]:
    """Every page of the built site that shows a checklist, a level picker or a timer."""
    found = []
    for f in sorted(site_dir.rglob("index.html")):
        rel = f.parent.relative_to(site_dir).as_posix()
        html = f.read_text(encoding="utf-8")
        if re.search(r'class="g-checklist"|data-level-picker|class="g-timer"', html):
            found.append("" if rel == "." else rel + "/")
    return found


@pytest.fixture(scope="module")
def cached_site(server):
    """The same build, served as GitHub Pages serves it (gzip, max-age=600), not with the no-store
    of the server above: with no-store, a loaded machine sometimes paints a page before its
    stylesheets arrive, a whole-page shift that has nothing to do with the widgets."""
    srv = sitetools.serve(server.site, "/sub/")
    yield srv.base_url
    srv.stop()


def shifts_on_load(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_function(MOUNTED)
    page.wait_for_timeout(400)   # a settle: anything guide.js still changes would shift by now
    return page.evaluate("window.__shifts")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("visitor", ["first-visit", "returning", "no-storage"])
def test_widgets_mount_without_layout_shift(browser, server, cached_site, guide, size, visitor):
    """At a phone's and a laptop's width, CPU not throttled: a page with a checklist, the level
    picker or a timer shows no layout shift (CLS 0) while guide.js mounts them, for a first visit,
    a returning reader with saved progress and a browser that refuses storage."""
    pages = widget_pages(server.site)
    assert {"", "checklists/", "process/", "coding/", "prompts/"} <= set(pages), pages
    context = browser.new_context(**SIZES[size])
    if visitor == "returning":   # ticks in two checklists, a level, the timer's sound
        saved = {"version": 1, "level": guide.levels[-1].id, "timer": {"sound": True},
                 "ticks": {cl.id: [i.id for i in cl.items[:3]] for cl in guide.checklists[:2]}}
        context.add_init_script(f"localStorage.setItem('/sub/.guide', {json.dumps(json.dumps(saved))})")
    elif visitor == "no-storage":
        context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('no', 'SecurityError'); };")
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        moved = {}
        for p in pages:
            entries = shifts_on_load(page, cached_site + p)
            total = sum(e["value"] for e in entries)
            if total >= 0.001:
                moved[p or "index"] = (round(total, 4), [s for e in entries for s in e["sources"]])
            if visitor == "no-storage":
                notes = page.locator(".g-note:visible")
                assert notes.count() == 1 and "only for this visit" in notes.text_content(), p
        assert not moved, f"layout shift while the widgets mounted ({size}, {visitor}): {moved}"
        assert errors == []
    finally:
        context.close()


def _component_counts(page) -> dict:
    return page.evaluate("""() => ({
        code: document.querySelectorAll('article pre > code').length,
        copy: document.querySelectorAll('article pre > button.md-clipboard, article pre > nav.md-code__nav button.md-code__button').length,
        copyAny: document.querySelectorAll('article .md-clipboard, article .md-code__button[data-md-type="copy"]').length,
        top: document.querySelectorAll('.md-top').length,
        progress: document.querySelectorAll('.md-progress').length,
        tables: document.querySelectorAll('article .md-typeset__scrollwrap .md-typeset__scrollwrap').length,
        dialogs: document.querySelectorAll('.md-search[role=dialog]').length,
        pickers: document.querySelectorAll('.g-level-picker, [data-level-picker]').length,
    })""")


def test_material_components_mount_once_after_load_and_instant_navigation(page, site):
    """One copy button per code block, one of each header component, no table wrapped twice:
    after a full load and after instant navigation away and back (issue 17)."""
    page.goto(site + "coding/")
    page.wait_for_function("() => window.__gStarted")
    page.wait_for_function("() => document.querySelector('article pre button, article pre nav')")
    first = _component_counts(page)
    assert first["code"] > 3 and first["copyAny"] == first["code"], first
    assert first["top"] == 1 and first["dialogs"] == 1 and first["tables"] == 0, first
    page.evaluate("window.__samePage = true")
    nav = page.locator("nav.md-nav--primary")
    for _ in range(2):
        n = page.evaluate("Guide.mounted")
        nav.locator("a[href$='/behavioral/']").first.click()
        page.wait_for_url("**/behavioral/")
        page.wait_for_function("n => Guide.mounted > n", arg=n)
        n = page.evaluate("Guide.mounted")
        nav.locator("a[href$='/coding/']").first.click()
        page.wait_for_url("**/coding/")
        page.wait_for_function("n => Guide.mounted > n", arg=n)
        page.wait_for_function("() => document.querySelector('article pre button, article pre nav')")
        assert page.evaluate("window.__samePage") is True, "instant navigation did not engage"
        assert _component_counts(page) == first
