"""The company picker in a real browser (issue 13): the reader chooses a company and a level and
sees their loop and its timers; the choice survives a reload and instant navigation, travels in
the export, and an import naming an unknown company is refused. Without JavaScript every loop reads."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.test_widgets_browser import (  # noqa: F401  (fixtures: a site built with a matching site_url)
    export_file, guide, import_file, page, server, site, stored)

pytestmark = pytest.mark.browser


def shown_loops(page) -> list[tuple[str, str]]:
    return [tuple(x) for x in page.locator(".g-your-loop [data-company]:visible").evaluate_all(
        "els => els.map(e => [e.dataset.company, e.dataset.level])")]


def shown_timers(page) -> list[str]:
    return page.locator(".g-loop-timer:visible").evaluate_all("els => els.map(e => e.dataset.roundType)")


def test_choose_google_l5_reload_navigate_export(page, site, guide, tmp_path):
    page.goto(site)
    assert len(shown_loops(page)) == len(guide.companies) * len(guide.levels)
    picker = page.locator("form[data-company-picker]")
    picker.get_by_role("radio", name="Google").check()
    assert {c for c, _ in shown_loops(page)} == {"google"}
    picker.get_by_role("radio", name=re.compile(r"^E5 ")).check()
    assert shown_loops(page) == [("google", "E5")]
    block = page.locator('.g-your-loop [data-company="google"][data-level="E5"]')
    expect(block).to_contain_text("Google, L5")
    assert page.evaluate("document.documentElement.dataset.gCompany") == "google"
    assert stored(page)["company"] == "google" and stored(page)["level"] == "E5"

    page.reload()
    assert picker.get_by_role("radio", name="Google").is_checked()
    assert picker.get_by_role("radio", name=re.compile(r"^E5 ")).is_checked()
    assert shown_loops(page) == [("google", "E5")]

    # instant navigation to the company loops page: the same loop, and only its rounds' timers
    page.evaluate("window.__samePage = true")
    nav = page.locator("nav.md-nav--primary")
    n = page.evaluate("Guide.mounted")
    nav.locator("a[href$='/companies/']").first.click()
    page.wait_for_url("**/companies/")
    page.wait_for_function("n => Guide.mounted > n", arg=n)
    assert page.evaluate("window.__samePage") is True, "instant navigation did not engage"
    assert shown_loops(page) == [("google", "E5")]
    assert page.locator("form[data-company-picker]").get_by_role("radio", name="Google").is_checked()
    from macros import render
    expected = render.loop_round_types(guide, guide.company("google"), "E5")
    assert shown_timers(page) == expected and "ai-assisted-coding" not in expected
    # every card still shows: the picker chooses the summary and the timers, not what can be read
    assert page.locator(".g-loop-card:visible").count() == len(guide.companies)
    assert page.locator('.g-loop-card[data-company="meta"] .g-loop-note:visible').count() >= 2  # stage notes read

    # on to the process chapter, still without a page load: the choice holds there too
    n = page.evaluate("Guide.mounted")
    nav.locator("a[href$='/process/']").first.click()
    page.wait_for_url("**/process/")
    page.wait_for_function("n => Guide.mounted > n", arg=n)
    assert page.evaluate("window.__samePage") is True
    assert page.evaluate("document.documentElement.dataset.gCompany") == "google"
    assert page.locator('.g-level-table th.g-pick[data-level="E5"]').count() > 0

    page.goto(site + "checklists/")
    data = json.loads(export_file(page, tmp_path).read_text(encoding="utf-8"))
    assert data["company"] == "google" and data["level"] == "E5"
    assert page.console_errors == []


def test_import_refuses_an_unknown_company_and_accepts_a_known_one(page, site, tmp_path):
    page.goto(site)
    page.locator("form[data-company-picker]").get_by_role("radio", name="Meta").check()
    page.goto(site + "checklists/")
    before = stored(page)
    msg = page.locator(".g-msg")
    for n, (value, message) in enumerate([('"nope"', "“company” names “nope”, which is not one of this guide's companies"),
                                         ("7", "“company” should be a company id")]):
        bad = tmp_path / f"bad{n}.json"
        bad.write_text('{"version": 1, "ticks": {}, "company": %s}' % value, encoding="utf-8")
        page.evaluate("document.querySelector('.g-msg').textContent = ''")
        import_file(page, bad)
        expect(msg).to_contain_text("Nothing was changed.")
        assert message in msg.inner_text()
        assert stored(page) == before
    good = tmp_path / "good.json"
    good.write_text('{"version": 1, "ticks": {}, "company": "amazon"}', encoding="utf-8")
    import_file(page, good)
    expect(msg).to_contain_text("Progress imported")
    assert stored(page)["company"] == "amazon"
    page.goto(site)
    assert {c for c, _ in shown_loops(page)} == {"amazon"}
    assert page.console_errors == []


def test_a_returning_readers_company_hides_the_others_before_the_scripts_run(browser, site):
    """theme.js puts the saved company on <html> in the <head>: the page is drawn with the
    reader's loop alone, before guide.js (which loads after the first paint) runs."""
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(site)
    pg.wait_for_function("() => window.Guide && Guide.mounted > 0")
    pg.evaluate("localStorage.setItem(Guide.base + '.guide', JSON.stringify({version: 1, company: 'apple'}))")
    pg.route("**/assets/guide*.js", lambda route: route.abort())  # the picker's script never runs
    pg.goto(site)
    assert pg.evaluate("document.documentElement.dataset.gCompany") == "apple"
    assert {c for c, _ in shown_loops(pg)} == {"apple"}
    context.close()


def test_without_javascript_every_company_loop_reads(browser, site, guide):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    for path in ("", "companies/"):
        pg.goto(site + path)
        assert len(shown_loops(pg)) == len(guide.companies) * len(guide.levels), path
        assert not pg.locator("form[data-company-picker]").is_visible()
    assert pg.locator(".g-loop-card:visible").count() == len(guide.companies)
    assert len(shown_timers(pg)) >= 5
    context.close()
