"""Accessibility: axe-core (4.12.1, the copy bundled in the PyPI package axe-playwright-python, so no
npm is needed) finds no violation of any impact on any page of the built site, in the light and the
dark palette, at a phone and a desktop width. The same functions drive `scripts/bench`.

The whole guide on one page (print-site-page/) is no longer a page of the site: it is built only to
print the PDF (scripts/pdf.py), so axe no longer visits it. What was fixed for it (a table region two
chapters share is named after each chapter) is checked below and on that build in tests/test_print.py."""

from __future__ import annotations

import pytest

from bench import VIEWPORTS, axe_matrix, axe_violations, describe_violations, site_pages

pytestmark = pytest.mark.browser


def test_axe_reports_a_real_violation(page):
    """The harness can fail: a page with an unnamed image and low-contrast text is caught."""
    page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#bbb;background:#fff">faint</p></main></body></html>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "color-contrast"} <= found


def test_every_page_is_checked(built_site):
    pages = site_pages(built_site)
    assert "" in pages and "404.html" in pages and "coding/" in pages, pages


def test_no_axe_violation_on_any_page(built_site, served_site, browser):
    """Every page x {light, dark} x {phone, desktop}: no violation of any impact."""
    pages = site_pages(built_site)
    found = axe_matrix(browser, served_site, pages)
    assert len(found) == len(pages) * 2 * len(VIEWPORTS)
    bad = {key: violations for key, violations in found.items() if violations}
    assert not bad, "axe-core violations:\n" + describe_violations(bad)


def test_whole_guide_page_names_repeated_regions_by_chapter():
    """The print page joins chapters: a region label two chapters share gets the chapter's title."""
    from macros.hooks import unique_region_labels
    html = ('<section class="print-page" id="a"><h1 id="x">Alpha</h1><div role="region" aria-label="Levels"></div>'
            '<div role="region" aria-label="Once"></div></section>'
            '<section class="print-page" id="b"><h1 id="y">Beta</h1><div role="region" aria-label="Levels"></div></section>')
    out = unique_region_labels(html)
    assert 'aria-label="Levels (Alpha)"' in out and 'aria-label="Levels (Beta)"' in out
    assert 'aria-label="Once"' in out


def test_no_axe_violation_before_any_script_runs(built_site, served_site, browser):
    """Every page as it loads with JavaScript off (its scripts removed, <noscript> shown), in both
    palettes at phone width, where code blocks and tables scroll sideways: no violation. Material
    makes code blocks focusable in its script; macros/htmlfix.py does it in the HTML (issue 17)."""
    pages = site_pages(built_site)
    found = axe_matrix(browser, served_site, pages, javascript=False, widths=("phone",))
    assert len(found) == len(pages) * 2
    bad = {key: violations for key, violations in found.items() if violations}
    assert not bad, "axe-core violations with JavaScript off:\n" + describe_violations(bad)
