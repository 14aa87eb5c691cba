"""The light/dark toggle (overrides/assets/palette.js), which replaces Material's palette component
(issue 7): the right palette from the first paint, the toggle cycling automatic → light → dark, the
choice kept across pages and visits in Material's own format, the keyboard, and the automatic
palette following the system. Also: the overridden partial is still Material's, bar one attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import block_material_bundle

ROOT = Path(__file__).resolve().parents[1]
MATERIAL_PARTIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "palette.html"

AUTO, LIGHT, DARK = "Switch to light mode", "Switch to dark mode", "Switch to system preference"


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def visible_toggle(page) -> str:
    labels = page.locator("form[data-g-palette] label:visible")
    assert labels.count() == 1, "exactly one palette toggle should show"
    return labels.get_attribute("title")


@pytest.fixture
def context_for(browser):
    made = []

    def make(system: str, block_bundle: bool = False):
        ctx = browser.new_context(color_scheme=system)
        if block_bundle:
            # Without Material's bundle, only the inline palette script can set the palette.
            block_material_bundle(ctx)
        made.append(ctx)
        return ctx.new_page()
    yield make
    for ctx in made:
        ctx.close()


def test_material_palette_component_is_not_mounted(built_site):
    html = (built_site / "coding" / "index.html").read_text(encoding="utf-8")
    assert "data-g-palette" in html
    assert 'data-md-component="palette"' not in html


def test_partial_is_materials_own_but_one_attribute():
    ours = (ROOT / "overrides" / "partials" / "palette.html").read_text(encoding="utf-8")
    theirs = MATERIAL_PARTIAL.read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"^\{#-.*?-#\}\n", "", text, flags=re.S)  # noqa: E731
    assert strip(ours) == strip(theirs).replace('data-md-component="palette"', "data-g-palette"), (
        "Material's partials/palette.html changed: copy it again into overrides/partials/palette.html, "
        "keeping only the data-g-palette attribute different")


@pytest.mark.parametrize("system,expected", [("dark", "slate"), ("light", "default")])
def test_automatic_palette_applies_before_materials_bundle(context_for, served_site, system, expected):
    page = context_for(system, block_bundle=True)
    page.goto(served_site + "coding/")
    assert scheme(page) == expected
    assert visible_toggle(page) == AUTO
    assert page.evaluate("document.documentElement.style.colorScheme") == ("dark" if system == "dark" else "light")


def test_toggle_cycles_and_choice_is_kept(context_for, served_site):
    page = context_for("light")
    page.goto(served_site)
    assert (scheme(page), visible_toggle(page)) == ("default", AUTO)
    page.locator("form[data-g-palette] label:visible").click()
    assert (scheme(page), visible_toggle(page)) == ("default", LIGHT)
    page.locator("form[data-g-palette] label:visible").click()
    assert (scheme(page), visible_toggle(page)) == ("slate", DARK)
    # Kept in Material's format, so its own code (and this script) read it on the next page.
    saved = page.evaluate("__md_get('__palette')")
    assert saved["index"] == 2 and saved["color"]["scheme"] == "slate"
    page.goto(served_site + "coding/")
    assert (scheme(page), visible_toggle(page)) == ("slate", DARK)
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False
    page.locator("form[data-g-palette] label:visible").click()
    assert (scheme(page), visible_toggle(page)) == ("default", AUTO)


def test_enter_moves_to_next_palette(context_for, served_site):
    page = context_for("light")
    page.goto(served_site)
    page.locator("#__palette_0").focus()
    page.keyboard.press("Enter")
    assert (scheme(page), visible_toggle(page)) == ("default", LIGHT)
    page.keyboard.press("Enter")
    assert scheme(page) == "slate"
    assert page.evaluate("document.activeElement.id") == "__palette_2"


def test_automatic_palette_follows_the_system(context_for, served_site):
    page = context_for("light")
    page.goto(served_site)
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    # A fixed choice does not follow.
    page.locator("form[data-g-palette] label:visible").click()  # → light
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(100)
    assert scheme(page) == "default"
