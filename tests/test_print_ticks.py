"""The checklists page offers "Print my ticks": ticked boxes print ticked only when chosen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_print_my_ticks_toggle(page, served_site):
    page.goto(served_site + "checklists/")
    toggle = page.get_by_label("Print my ticks (otherwise checklists print as empty boxes)")
    first = page.locator("input.g-check[data-item]").first
    first.check()
    page.emulate_media(media="print")
    # by default a ticked box prints empty
    assert not page.evaluate("document.documentElement.classList.contains('g-print-ticks')")
    page.emulate_media(media="screen")
    toggle.focus()
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.classList.contains('g-print-ticks')")
    toggle.uncheck()
    assert not page.evaluate("document.documentElement.classList.contains('g-print-ticks')")
    assert not page.console_errors
