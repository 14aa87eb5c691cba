"""Budgets and what search engines and link previews need (issue 7).

- No request to any host but the site's own, on a first visit of every page (browser), and no
  reference to another host's script, style sheet, image or frame in the built files (static).
- Every page's first visit (empty cache, gzip, until the network is idle) moves at most 100 KB.
- Search still works although its index and worker now load only when the reader turns to search.
- A description per page, Open Graph tags, sitemap.xml, robots.txt, a favicon, and a 404 page that
  works under another sub-path and with JavaScript off.

Timing figures (Lighthouse, build times) stay in `scripts/bench`.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import sitetools
from bench import BUDGET_BYTES, VIEWPORTS, first_visit, site_pages

# Every page, no exemption: the whole guide on one page (print-site-page/, every chapter at once) is
# not part of the site; scripts/pdf.py builds it separately for the PDF (tests/test_print.py).


# --------------------------------------------------------------------------- static checks

EXTERNAL_REF = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*?\s(?:src|srcset)=["']?(?P<a>(?:https?:)?//[^"'\s>]+)"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|icon|preload|modulepreload|manifest|preconnect|dns-prefetch|apple-touch-icon))[^>]*\bhref=["']?(?P<b>(?:https?:)?//[^"'\s>]+)""",
    re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<u>(?:https?:)?//[^"')\s]+)""", re.I)


def external_references(site: Path) -> list[str]:
    """'file: url' for every resource a built page or style sheet would load from another host
    (links to other sites are fine; loading from them is not)."""
    out = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in EXTERNAL_REF.finditer(text):
                url = m.group("a") or m.group("b")
                out.append(f"{path.relative_to(site)}: {url}")
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in CSS_EXTERNAL.finditer(text):
                url = m.group("u")
                if not url.startswith("//www.w3.org/"):
                    out.append(f"{path.relative_to(site)}: {url}")
    return out


def test_external_reference_check_can_fail(tmp_path):
    (tmp_path / "a.html").write_text('<link rel="stylesheet" href="https://fonts.example/x.css">'
                                     '<script src="//cdn.example/x.js"></script><a href="https://ok.example">ok</a>')
    (tmp_path / "b.css").write_text("@import 'https://fonts.example/y.css'; a{background:url(x.png)}")
    found = external_references(tmp_path)
    assert len(found) == 3, found


def test_no_file_loads_anything_from_another_host(built_site):
    assert external_references(built_site) == []


def _meta(html: str, attr: str, name: str) -> str | None:
    m = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


def _indexable_pages(site: Path) -> list[str]:
    out = []
    for rel in site_pages(site):
        html = (site / (rel + "index.html" if rel.endswith("/") or not rel else rel)).read_text(encoding="utf-8")
        if 'name="robots" content="noindex"' not in html:
            out.append(rel)
    return out


def _html(site: Path, rel: str) -> str:
    return (site / (rel + "index.html" if rel.endswith("/") or not rel else rel)).read_text(encoding="utf-8")


def _site_url(site: Path) -> str:
    """The site_url the site was built for (mkdocs.yml, or SITE_URL in the environment)."""
    m = re.search(r'<link rel="canonical" href="([^"]+)"', _html(site, ""))
    assert m, "the home page has no canonical link (is site_url set?)"
    return m.group(1)


def test_every_page_has_its_own_description_and_link_preview(built_site):
    pages = _indexable_pages(built_site)
    assert len(pages) >= 8 and "404.html" not in pages
    descriptions = {}
    for rel in pages:
        html = _html(built_site, rel)
        desc = _meta(html, "name", "description")
        assert desc and 50 <= len(desc) <= 200, f"/{rel}: meta description missing or not 50-200 characters: {desc!r}"
        descriptions.setdefault(desc, []).append(rel)
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        assert _meta(html, "property", "og:description") == desc, f"/{rel}: og:description"
        og_title = _meta(html, "property", "og:title")
        assert og_title and og_title in unescape(title), f"/{rel}: og:title {og_title!r} vs title {title!r}"
        assert _meta(html, "property", "og:url") == _site_url(built_site) + rel
        assert _meta(html, "property", "og:site_name") == "MLE Interview Guide"
    shared = {d: r for d, r in descriptions.items() if len(r) > 1}
    assert not shared, f"pages share a description (give each its own in its front matter): {shared}"


def test_sitemap_robots_and_favicon(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for rel in _indexable_pages(built_site):
        assert _site_url(built_site) + rel in listed, f"/{rel} missing from sitemap.xml"
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {_site_url(built_site)}sitemap.xml" in robots
    home = _html(built_site, "")
    icon = re.search(r'<link rel="icon" href="([^"]+)"', home).group(1)
    assert icon.endswith(".svg") and (built_site / icon).is_file()
    assert (built_site / icon).read_text().lstrip().startswith("<svg")


# --------------------------------------------------------------------------- browser checks

@pytest.fixture(scope="module")
def visits(built_site, served_site, browser):
    """A first visit (empty cache) of every page at phone width, recorded once for this module."""
    return {rel: first_visit(browser, served_site + rel, VIEWPORTS["phone"]) for rel in site_pages(built_site)}


@pytest.mark.browser
def test_no_request_to_another_host(visits, served_site):
    offenders = {f"/{rel}": v.other_hosts(served_site) for rel, v in visits.items() if v.other_hosts(served_site)}
    assert not offenders, f"requests to other hosts: {offenders}"
    failed = {f"/{rel}": v.failed for rel, v in visits.items() if v.failed}
    assert not failed, f"failed requests: {failed}"
    missing = {f"/{rel}": [r["url"] for r in v.requests if r["status"] >= 400 and r["url"] != v.url]
               for rel, v in visits.items()}
    assert not any(missing.values()), f"requests answered with an error: {missing}"


def _site_path(url: str) -> str:
    return "/" + urlsplit(url).path.split("/mle-interview-guide/", 1)[-1]


@pytest.mark.browser
def test_first_visit_under_budget(visits):
    assert all(len(v.requests) >= 3 for v in visits.values())  # the page, its CSS and JS were counted
    over = {f"/{rel}": f"{v.bytes / 1024:.1f} KB in {len(v.requests)} requests: " +
            ", ".join(f"{_site_path(r['url'])} {r['bytes'] / 1024:.1f}"
                      for r in sorted(v.requests, key=lambda r: -r["bytes"])[:4])
            for rel, v in visits.items() if v.bytes > BUDGET_BYTES}
    assert not over, f"first visit over {BUDGET_BYTES // 1024} KB: {over}"


@pytest.mark.browser
def test_search_loads_its_index_only_when_wanted_and_still_finds(served_site, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url))
        page.goto(served_site + "coding/", wait_until="networkidle")
        assert not [u for u in seen if "search_index" in u or "/workers/search" in u], seen
        page.fill(".md-search__input", "system design")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert any("search_index.json" in u for u in seen)
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        context.close()


@pytest.mark.browser
def test_search_from_the_phone_button(served_site, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(served_site, wait_until="networkidle")
        page.click("label.md-header__button[for='__search']")
        page.keyboard.type("coding")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
    finally:
        context.close()


@pytest.mark.browser
def test_search_link_with_a_query_loads_at_once(served_site, browser):
    """A shared search link (?q=) opens search with its results (the index is not held back)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.goto(served_site + "process/?q=checklist")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
    finally:
        context.close()


def _open_404(browser, url: str, javascript: bool = True) -> dict:
    context = browser.new_context(java_script_enabled=javascript)
    bad: list[str] = []
    try:
        page = context.new_page()
        page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != url else None)
        page.on("requestfailed", lambda r: bad.append(f"failed {r.url}"))
        response = page.goto(url, wait_until="networkidle")
        home = page.eval_on_selector("article a[data-home-link]", "a => a.href")
        nav = page.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]", "as => as.map(a => a.href)")
        styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        return {"status": response.status, "bad": bad, "home": home, "nav": nav, "styled": styled}
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("where", ["site_url path", "other path"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_404_page_works_under_any_sub_path(built_site, browser, where, javascript):
    """Built for site_url (https://mle-guide.github.io/mle-interview-guide/), served from another host
    (127.0.0.1), under site_url's path and under another one ("/sub/", as a fork's Pages site), for a
    missing address several levels deep."""
    site_path = urlsplit(_site_url(built_site)).path
    prefix = site_path if where == "site_url path" else "/sub/"
    if prefix != site_path and not javascript:
        pytest.skip("without JavaScript the 404 page can only assume site_url's path")
    server = sitetools.serve(built_site, prefix)
    try:
        root = server.base_url
        url = root + "no/such/page/"
        seen = _open_404(browser, url, javascript)
        assert seen["status"] == 404
        bad = seen["bad"]
        if prefix != site_path:
            # Chromium's preload scanner fetches the page's assets from site_url's path before the
            # page's first script moves its <base>: wasted requests, but the page then loads right.
            bad = [b for b in bad if not urlsplit(b.split()[-1]).path.startswith(site_path)]
        assert bad == [], bad
        assert seen["styled"] == "sticky", "Material's style sheet did not apply"
        assert seen["home"] == root
        assert root + "coding/" in seen["nav"], seen["nav"]
    finally:
        server.stop()


@pytest.mark.browser
@pytest.mark.slow
def test_search_and_theme_fixes_after_instant_navigation(tmp_path, browser):
    """Instant navigation only runs at site_url's host and port, so this builds the site for the
    address it is served at. After moving to another page without a reload, search (whose worker
    starts only now, from the new page) still finds, and the theme's fixes apply to the new page."""
    from bench import axe_violations, free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}/mle-interview-guide/"
    result = sitetools.build(tmp_path / "site", site_url=base)
    assert result.returncode == 0, result.stderr[-2000:]
    server = sitetools.serve(tmp_path / "site", "/mle-interview-guide/", port=port)
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        page.evaluate("window.__sameDocument = true")
        page.locator("article a[href$='behavioral/']").first.click()
        page.wait_for_url("**/behavioral/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__sameDocument === true"), "instant navigation did not take over"
        wide = page.evaluate("[...document.querySelectorAll('.md-typeset__scrollwrap')]"
                             ".filter(e => e.scrollWidth > e.clientWidth + 1)"
                             ".map(e => e.getAttribute('tabindex'))")
        assert all(t == "0" for t in wide), wide
        assert not [v["id"] for v in axe_violations(page) if v["id"] in
                    ("scrollable-region-focusable", "aria-dialog-name", "landmark-unique", "link-in-text-block")]
        page.click("label.md-header__button[for='__search']")
        page.keyboard.type("story")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
    finally:
        context.close()
        server.stop()
