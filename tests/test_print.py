"""The guide on paper (issue 5): print styles, the whole-guide page, the PDFs of scripts/pdf.py.

The whole-guide page (print-site-page/) is only in a PRINT_SITE=true build (the `print_site`
fixture), never in the site itself (issue 7's per-page budget). The PDFs are printed once per module
by `make_pdfs` (headless Debian Chromium; it makes its own PRINT_SITE=true build) into a copy of the
session's built site, then read back with pdftotext. The print styles are also checked in the
browser with print media emulated, in the dark palette.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from collections import Counter

import pytest
import yaml

import linkcheck  # scripts/linkcheck.py
from macros.loader import load_guide
from tests.conftest import CHROMIUM, chromium_or_skip
from tests.helpers import DATA, ROOT, page_html

import pdf  # scripts/pdf.py (conftest puts scripts/ on sys.path)

GUIDE_NAME = "MLE Interview Guide"
PRINT_PAGE = "print-site-page"
WHOLE_PDF = "pdf/mle-interview-guide.pdf"
CHECKLISTS_PDF = "pdf/checklists.pdf"


# -- helpers ----------------------------------------------------------------------------------

def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def nav_pages() -> list[tuple[str, str]]:
    """(title, docs path) of every page in the nav, in reading order."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, str):  # a bare page (`- cases/index.md`): its title is its H1
                text = (ROOT / "docs" / item).read_text(encoding="utf-8")
                out.append((next(ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), item))
                continue
            for title, value in item.items():
                if isinstance(value, list):
                    walk(value)
                else:
                    out.append((title, value))

    walk(mkdocs_config()["nav"])
    return out


def page_dir(md_path: str) -> str:
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):  # a section's index page (cases/index.md is built as cases/)
        return md_path[:-len("/index.md")]
    return md_path[:-3]


def flat(text: str) -> str:
    """Text with typographic quotes, hyphenation breaks and all whitespace normalised, so a
    sentence matches whichever way the PDF wrapped it."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace(
        "\u201d", '"').replace("\u00a0", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing; .ci/run installs Debian's poppler-utils")
        pytest.skip("pdftotext is missing (apt-get install poppler-utils)")
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def html_text(fragment: str) -> str:
    fragment = re.sub(r"<[^>]+>", "", fragment)
    return (fragment.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&#39;", "'").replace("&para;", ""))


def h1_of(site: Path, md_path: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page_html(site, page_dir(md_path)), re.S)
    assert m, f"{md_path}: no <h1> in the built page"
    return flat(html_text(m.group(1)))


def navigation_texts() -> list[str]:
    """Text that exists only in the site's chrome (header, search, sidebars, footer, buttons)."""
    return ["Skip to content", "Type to start searching", "Initializing search", "Back to top",
            "Edit this page", "Table of contents", "Switch to dark mode", "Switch to light mode",
            "Copy to clipboard", "Show the loop for your level",
            flat(mkdocs_config()["copyright"])]


# -- the built site ---------------------------------------------------------------------------

def test_site_has_no_whole_guide_page_nor_any_link_to_it(built_site):
    """Every chapter on one page cannot meet the per-page budget (issue 7): readers get the PDF."""
    assert not (built_site / PRINT_PAGE).exists(), "the site has the whole-guide page"
    assert not (built_site / "js" / "print-site.js").exists(), "the print-site plugin's script is there"
    pointing = {}
    for path in sorted(built_site.rglob("*.html")):
        refs = re.findall(r'(?:href|src)="([^"]*(?:print-site-page|print-site\.js)[^"]*)"',
                          path.read_text(encoding="utf-8"))
        if refs:
            pointing[path.relative_to(built_site).as_posix()] = refs
    assert not pointing, f"links to the whole-guide page or its script: {pointing}"
    assert PRINT_PAGE not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert PRINT_PAGE not in (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    # and no page is marked noindex (that was for the whole-guide page)
    assert "noindex" not in page_html(built_site, "")


def test_whole_guide_page_of_the_print_build(print_site):
    """The page scripts/pdf.py prints: every nav page in reading order, a contents list, kept out of
    search engines, a unique name for every table region, no broken link or anchor."""
    html = page_html(print_site, PRINT_PAGE)
    assert 'id="print-site-page"' in html and 'id="print-page-toc"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert PRINT_PAGE not in (print_site / "sitemap.xml").read_text(encoding="utf-8")
    assert PRINT_PAGE not in (print_site / "search" / "search_index.json").read_text(encoding="utf-8")
    # every nav page is in it, in reading order
    positions = [html.find(f'<section class="print-page" id="{page_dir(md).replace("/", "-") or "index"}"')
                 for _, md in nav_pages()]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions), "the whole-guide page is not in nav order"
    # its script is on it alone (macros/hooks.py and overrides/main.html)
    assert html.count("js/print-site.js") == 1
    assert "print-site.js" not in page_html(print_site, "checklists")
    # chapters that share a table region name it after the chapter (macros/hooks.py)
    labels = Counter(re.findall(r'role="region" aria-label="([^"]*)"', html))
    assert labels and not {k: n for k, n in labels.items() if n > 1}, labels
    assert re.search(r'aria-label="[^"]+ \([^")]+\)"', html), "no repeated region label was renamed"
    # the plugin's href="#." links to the home section are mended (macros/hooks.py)
    assert 'href="#."' not in html
    report = linkcheck.check_site(print_site, "/mle-interview-guide/", allow_missing=("pdf/*.pdf",))
    assert report.ok, report.text(external=False)


def test_print_styles_are_linked_without_blocking_the_screen(built_site, print_site):
    for site, page in ((built_site, ""), (built_site, "checklists"), (print_site, PRINT_PAGE)):
        html = page_html(site, page)
        links = re.findall(r'<link[^>]+print\.css[^>]*>', html)
        assert len(links) == 1 and 'media="print"' in links[0], (page, links)
    assert (built_site / "assets" / "print.css").is_file()


def test_pdf_links_on_home_and_checklists_pages(built_site):
    home = page_html(built_site, "")
    assert re.search(r'<a href="pdf/mle-interview-guide.pdf">Download the guide as PDF</a>', home)
    assert '<a href="pdf/checklists.pdf">' in home
    assert '<a href="../pdf/checklists.pdf">' in page_html(built_site, "checklists")
    # a build without PDFs explains a missing PDF on its 404 page
    assert "This preview has no PDFs" in (built_site / "404.html").read_text(encoding="utf-8"), (
        "overrides/404.html lost the note for a missing PDF (class g-pdf-missing): local previews "
        "have no PDFs and readers of one need to know why")


# -- scripts/pdf.py without Chromium ----------------------------------------------------------

def test_missing_chromium_stops_with_a_clear_error(built_site, tmp_path):
    missing = tmp_path / "no" / "chromium"
    with pytest.raises(pdf.PdfError) as err:
        pdf.make_pdfs(built_site, chromium=missing)
    msg = str(err.value)
    assert str(missing) in msg and "apt-get install chromium" in msg and "CHROMIUM" in msg
    assert not (built_site / "pdf").exists()


def test_cli_reports_missing_chromium_without_traceback(built_site):
    env = dict(os.environ, CHROMIUM="/nonexistent/chromium")
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), str(built_site)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 1
    assert res.stderr.startswith("error: Chromium not found at '/nonexistent/chromium'")
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_cli_refuses_a_site_that_is_not_built(tmp_path):
    chromium_or_skip()
    env = dict(os.environ, CHROMIUM=CHROMIUM)
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 1
    assert "checklists/index.html is missing" in res.stderr and "Traceback" not in res.stderr
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "usage:" in res.stderr


def test_a_failed_whole_guide_build_stops_with_its_own_message(built_site, scratch_project):
    """The whole guide is printed from a PRINT_SITE=true build: when that build fails, make_pdfs
    says so with the build's own error (file and line), no traceback, and writes nothing."""
    chromium_or_skip()
    page = scratch_project / "docs" / "wrap-up.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    with pytest.raises(pdf.PdfError) as err:
        pdf.make_pdfs(built_site, chromium=CHROMIUM, project=scratch_project)
    msg = str(err.value)
    assert "PRINT_SITE=true" in msg and "failed" in msg, msg
    assert re.search(r"docs/wrap-up\.md:\d+: unknown macro 'no_such_macro'", msg), msg
    assert "Traceback" not in msg
    assert not (built_site / "pdf").exists()


# -- the PDFs ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(built_site, tmp_path_factory):
    """The PDFs, made by make_pdfs into a copy of the built site (the session's site stays as
    `mkdocs build` left it, for the other tests); the whole guide from make_pdfs' own
    PRINT_SITE=true build, as when publishing."""
    chromium_or_skip()
    site = tmp_path_factory.mktemp("pdfsite") / "site"
    shutil.copytree(built_site, site)
    start = time.monotonic()
    paths = pdf.make_pdfs(site, chromium=CHROMIUM)
    elapsed = time.monotonic() - start
    assert paths == [site / WHOLE_PDF, site / CHECKLISTS_PDF]
    assert not (site / PRINT_PAGE).exists(), "the whole-guide page was left in the site"
    print(f"\nmake_pdfs: {elapsed:.1f} s for both PDFs; "
          + ", ".join(f"{p.name}: {pdf.pdf_page_count(p)} pages" for p in paths))
    return site


@pytest.fixture(scope="module")
def guide():
    return load_guide(DATA)


def check_running_heads(path: Path, pages: int) -> None:
    for n in range(1, pages + 1):
        text = flat(pdftotext(path, n))
        assert GUIDE_NAME in text, f"{path.name} page {n}: no guide name"
        assert f"Page {n} of {pages}" in text, f"{path.name} page {n}: no page number"


@pytest.mark.browser
def test_checklists_pdf_one_checklist_per_page(pdfs, guide):
    path = pdfs / CHECKLISTS_PDF
    pages = pdf.pdf_page_count(path)
    # each checklist starts on a new page and fits on it: exactly one page per checklist
    assert pages == len(guide.checklists), f"{pages} pages for {len(guide.checklists)} checklists"
    for n, cl in enumerate(guide.checklists, start=1):
        text = flat(pdftotext(path, n))
        assert flat(cl.title) in text, f"page {n} does not hold checklist {cl.id!r}"
        for item in cl.items:
            assert flat(item.text) in text, f"page {n}: item {item.id!r} of {cl.id!r} missing"
        assert text.count("\u2610") == 0  # boxes are drawn, not font glyphs that may be missing
    check_running_heads(path, pages)
    everything = flat(pdftotext(path))
    for nav_text in navigation_texts() + ["Download all checklists as PDF"]:
        assert nav_text not in everything, f"navigation text {nav_text!r} printed"


@pytest.mark.browser
def test_whole_guide_pdf_has_every_chapter_and_item_and_no_navigation(pdfs, guide):
    path = pdfs / WHOLE_PDF
    text = flat(pdftotext(path))
    assert f"{GUIDE_NAME} Contents" in text
    # every chapter heading, in reading order (after the contents list)
    body = text[text.find("Contents") + len("Contents"):]
    last = -1
    for title, md in nav_pages():
        heading = h1_of(pdfs, md)
        at = body.find(heading, last + 1)
        # the contents list names chapters by nav title; headings follow in the same order
        assert at > last, f"chapter heading {heading!r} ({md}) missing or out of order"
        last = at
    for cl in guide.checklists:
        for item in cl.items:
            assert flat(item.text) in text, f"checklist item {cl.id}/{item.id} missing"
    for nav_text in navigation_texts() + ["Download the guide as PDF"]:
        assert nav_text not in text, f"navigation text {nav_text!r} printed"
    # practice prompts print their question, not their hints (Chromium opens <details> to print)
    for prompt in guide.prompts:
        assert flat(prompt.name) in text and flat(prompt.ask) in text, prompt.id
        assert flat(prompt.framing) not in text, f"the hints of prompt {prompt.id!r} printed"
    assert "127.0.0.1" not in text, "an internal link printed its (local) address"
    # page counts: every chapter starts a page; a page holds a sensible amount of text
    pages = pdf.pdf_page_count(path)
    words = len(text.split())
    assert len(nav_pages()) + 1 <= pages <= 300, pages
    assert 120 <= words / pages <= 700, f"{words / pages:.0f} words a page over {pages} pages"
    check_running_heads(path, pages)


@pytest.mark.browser
def test_pdf_links_resolve_once_pdfs_exist(pdfs):
    for page, href in (("", "pdf/mle-interview-guide.pdf"), ("", "pdf/checklists.pdf"),
                       ("checklists", "../pdf/checklists.pdf")):
        base = pdfs / page if page else pdfs
        target = (base / href).resolve()
        assert target.is_file() and target.read_bytes()[:5] == b"%PDF-", (page, href)


# -- print styles in the browser ----------------------------------------------------------------

PRINT_PROBE = """() => {
  const cs = (el, pseudo) => el ? getComputedStyle(el, pseudo || null) : null;
  const shown = sel => [...document.querySelectorAll(sel)].filter(el => el.getClientRects().length > 0).length;
  const ext = document.querySelector('.md-typeset a[href^="http"]:not([href*="127.0.0.1"])');
  const int = [...document.querySelectorAll('.md-content a')].find(a => a.href.includes('127.0.0.1') && !a.classList.contains('headerlink'));
  const box = document.querySelector('.g-check');
  return {
    chrome: shown('.md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-skip, .md-top, .md-content__button, .headerlink, .g-level-picker, .g-noprint'),
    buttons: shown('.md-content button, .md-content [role=button]'),
    color: cs(document.querySelector('.md-typeset p')).color,
    background: cs(document.body).backgroundColor,
    extAfter: ext ? cs(ext, '::after').content : null, extHref: ext ? ext.getAttribute('href') : null,
    intAfter: int ? cs(int, '::after').content : null,
    h2BreakAfter: cs(document.querySelector('.md-typeset h2')).breakAfter,
    itemBreak: cs(document.querySelector('.g-checklist__item')).breakInside,
    boxBorder: cs(box).borderTopStyle, boxAppearance: cs(box).appearance, boxImage: cs(box).backgroundImage,
    itemColor: cs(box.nextElementSibling).color,
    secondBreak: cs(document.querySelectorAll('h2[id^="checklist-"]')[1]).breakBefore,
    firstBreak: cs(document.querySelectorAll('h2[id^="checklist-"]')[0]).breakBefore,
  };
}"""


def luminance(css_color: str, over: float = 255) -> float:
    """Relative lightness (0 black, 1 white) of an rgb()/rgba() colour, blended over white."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css_color)]
    alpha = nums[3] if len(nums) > 3 else 1.0
    r, g, b = (alpha * c + (1 - alpha) * over for c in nums[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.browser
def test_print_media_in_dark_palette_shows_content_only(page, served_site):
    page.goto(served_site + "checklists/")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.emulate_media(media="screen")
    assert luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")) < 0.3
    page.emulate_media(media="print")
    got = page.evaluate(PRINT_PROBE)
    assert got["chrome"] == 0 and got["buttons"] == 0, got
    assert luminance(got["color"]) < 0.25 and luminance(got["background"]) > 0.95, got
    assert got["extHref"] and got["extHref"] in got["extAfter"], got
    assert got["intAfter"] in ("none", "normal"), got
    assert got["h2BreakAfter"] == "avoid" and got["itemBreak"] == "avoid", got
    assert got["firstBreak"] != "page" and got["secondBreak"] == "page", got
    # an empty box whether ticked or not, unless the reader asks to print their ticks
    assert got["boxAppearance"] == "none" and got["boxBorder"] == "solid", got
    page.locator(".g-check").first.check(force=True)
    ticked = page.evaluate(PRINT_PROBE)
    assert ticked["boxImage"] == "none" and luminance(ticked["itemColor"]) < 0.1, ticked
    page.evaluate("document.documentElement.classList.add('g-print-ticks')")
    assert page.evaluate(PRINT_PROBE)["boxImage"].startswith('url("data:image/svg+xml')
    assert page.console_errors == []


@pytest.mark.browser
def test_checklists_fit_one_a4_page_each(page, served_site, guide, tmp_path):
    page.goto(served_site + "checklists/")
    out = tmp_path / "a4.pdf"
    page.pdf(path=str(out), format="A4")
    assert pdf.pdf_page_count(out) == len(guide.checklists)
