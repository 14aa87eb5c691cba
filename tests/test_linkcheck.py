"""The link checker (scripts/linkcheck.py): on small hand-made sites, each kind of problem is found
and named; on the real built site, there is none; a value in the data that contains HTML is shown
as text, never executed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import linkcheck
import sitetools
from tests.helpers import main_content, page_html

BASE = "/REPO/"
SITE_URL = "https://owner.github.io/REPO/"

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="{root}assets/site.css">
<script src="{root}assets/site.js"></script>
</head><body><nav><a href="{root}">Home</a></nav>
<article class="md-content__inner md-typeset">
<h1 id="top">Title</h1><h2 id="part-two">Part two</h2>
{content}
</article>
<script>var themeOwnScript = 1;</script>
</body></html>"""


def make_site(tmp_path: Path, pages: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    """pages: path -> article content. Links to the theme's assets are relative to each page."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    (site / "assets" / "site.js").write_text("", encoding="utf-8")
    for rel, content in pages.items():
        depth = rel.count("/")
        root = "../" * depth if depth else "./"
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(root=root, content=content), encoding="utf-8")
    for rel, text in (extra or {}).items():
        (site / rel).write_text(text, encoding="utf-8")
    return site


def messages(report: linkcheck.Report) -> str:
    return "\n".join(str(p) for p in report.problems)


def test_a_clean_site_passes(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="guide/#part-two">guide</a> <a href="#top">top</a> '
                      '<a href="https://example.org/docs/?q=1#x">ext</a> <a href="mailto:someone@example.org">mail</a>',
        "guide/index.html": '<a href="../">home</a> <a href="../#part-two">home, part two</a> '
                            f'<a href="{SITE_URL}guide/">itself, absolute</a>',
    }, {"sitemap.xml": f"<urlset><url><loc>{SITE_URL}</loc></url><url><loc>{SITE_URL}guide/</loc></url></urlset>"})
    report = linkcheck.check_site(site, BASE, SITE_URL)
    assert report.ok, messages(report)
    assert report.pages == 2 and report.internal_links >= 8
    assert list(report.external) == ["https://example.org/docs/?q=1#x"]
    assert report.external["https://example.org/docs/?q=1#x"].pages == ["index.html"]


def test_broken_links_and_anchors_are_named(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="missing/">a</a>\n<a href="guide/#nowhere">b</a>\n<img src="img/none.png">',
        "guide/index.html": '<a href="/assets/site.css">leaves the base</a> <a href="../#top">ok</a>',
    }, {"sitemap.xml": f"<urlset><url><loc>{SITE_URL}gone/</loc></url></urlset>"})
    report = linkcheck.check_site(site, BASE, SITE_URL)
    text = messages(report)
    assert "index.html:7: broken link missing/: nothing at /REPO/missing/" in text
    assert "broken anchor guide/#nowhere: no id 'nowhere' on /REPO/guide/" in text
    assert "broken link img/none.png" in text
    assert "guide/index.html" in text and "/assets/site.css leaves the site's base path /REPO/" in text
    assert f"sitemap.xml: {SITE_URL}gone/ points at a page that does not exist" in text
    assert len(report.problems) == 5
    # files made later (the PDFs) may be allowed to be missing, by pattern
    site2 = make_site(tmp_path / "two", {"index.html": '<a href="pdf/guide.pdf">PDF</a>'})
    assert not linkcheck.check_site(site2, BASE).ok
    assert linkcheck.check_site(site2, BASE, allow_missing=("pdf/*.pdf",)).ok


def test_the_same_site_under_another_path_breaks_absolute_links(tmp_path):
    site = make_site(tmp_path, {"index.html": '<a href="/REPO/guide/">guide</a>', "guide/index.html": ""})
    assert linkcheck.check_site(site, "/REPO/").ok
    report = linkcheck.check_site(site, "/fork/")
    assert "leaves the site's base path /fork/" in messages(report)


def test_404_page_needs_absolute_links_or_a_base(tmp_path):
    page_404 = '<html><head><link rel="stylesheet" href="assets/site.css"></head><body>{}</body></html>'
    site = make_site(tmp_path, {"index.html": ""}, {"404.html": page_404.format("")})
    report = linkcheck.check_site(site, BASE)
    assert "relative link assets/site.css in 404.html" in messages(report)
    (site / "404.html").write_text(page_404.format("").replace("<head>", '<head><base href="/REPO/">'),
                                   encoding="utf-8")
    assert linkcheck.check_site(site, BASE).ok


def test_scripts_frames_and_handlers_in_content_are_refused(tmp_path):
    site = make_site(tmp_path, {"index.html": (
        '<p>text</p>\n<script>alert(1)</script>\n<iframe src="https://example.org/"></iframe>\n'
        '<img src="assets/site.css" onerror="alert(2)">\n<a href="javascript:alert(3)">x</a>\n'
        '<object data="x.swf"></object>')})
    text = messages(linkcheck.check_site(site, BASE))
    assert "index.html:8: raw <script> in the page content" in text
    assert "raw <iframe> in the page content" in text
    assert "inline event handler onerror=" in text
    assert "javascript: link in the page content" in text
    assert "raw <object>" in text
    # the theme's own scripts, outside <article>, are fine
    clean = make_site(tmp_path / "clean", {"index.html": "<p>text</p>"})
    assert linkcheck.check_site(clean, BASE).ok


@pytest.mark.parametrize("url, problem", [
    ("https://example.org/a/b?c=d#e", None),
    ("https://sub.example.co.uk:8443/x", None),
    ("http://example.org/", "uses http:, use https:"),
    ("ftp://example.org/file", "uses ftp:, use https:"),
    ("https:///path-only", "has no host"),
    ("https://exa mple.org/", "contains a space"),
    ("https://example.org/a%zzb", "not a valid escape"),
    ("https://localhost:8000/", "does not exist on the internet"),
    ("https://192.168.1.1/", "IP address"),
    ("https://nodot/", "invalid host name"),
    ("https://-bad-.org/", "invalid host name"),
    ("https://example.org:99999/", "port"),
])
def test_external_links_must_be_https_and_well_formed(url, problem):
    found = linkcheck.external_problem(url)
    if problem is None:
        assert found is None
    else:
        assert found and problem in found


def test_external_problems_are_reported_once_with_their_pages(tmp_path):
    site = make_site(tmp_path, {"index.html": '<a href="http://example.org/">a</a>',
                                "b/index.html": '<a href="http://example.org/">again</a>'})
    report = linkcheck.check_site(site, BASE)
    assert not report.ok and len(report.external_problems) == 1
    assert report.external_problems[0].pages == ["b/index.html", "index.html"]
    assert "http://example.org/: uses http:, use https: (on b/index.html, index.html)" in report.text()


def test_command_line_report_and_exit_codes(tmp_path, capsys):
    site = make_site(tmp_path, {"index.html": '<a href="https://example.org/">x</a>'})
    out = tmp_path / "report.json"
    assert linkcheck.main([str(site), "--base", BASE, "--report", str(out)]) == 0
    assert "ok:" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ok"] and data["external"][0]["url"] == "https://example.org/"
    (site / "index.html").write_text(PAGE.format(root="./", content='<a href="nope/">x</a>'), encoding="utf-8")
    assert linkcheck.main([str(site), "--base", BASE]) == 1
    err = capsys.readouterr().err
    assert "broken link nope/" in err and "Traceback" not in err
    assert linkcheck.main([str(tmp_path / "absent")]) == 2
    assert "no such folder" in capsys.readouterr().err


# -- the real site ------------------------------------------------------------------------------

def test_real_site_has_no_broken_link_or_forbidden_content(built_site):
    # the session build uses the default site_url, served under /mle-interview-guide/; the PDFs
    # are made when publishing (tests/test_publish.py checks the published site with them)
    report = linkcheck.check_site(built_site, "/mle-interview-guide/",
                                  "https://mle-guide.github.io/mle-interview-guide/", allow_missing=("pdf/*.pdf",))
    assert report.ok, report.text(external=False)
    assert report.pages >= 9 and report.internal_links > 100
    assert report.external, "the guide links its resources"
    text = report.text()
    for url in report.external:
        assert url in text


def test_html_in_the_data_is_shown_as_text(scratch_project, tmp_path):
    data = scratch_project / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    # the first item of the first checklist (shown on its chapter and on the checklists page)
    head, tail = text.split("\nchecklists:\n", 1)
    line = re.search(r"^( +text: )(.+)$", tail, re.M)
    evil = "Confirm <script>alert(1)</script><iframe src=x></iframe><img src=x onerror=alert(2)> works."
    tail = tail[:line.start(2)] + json.dumps(evil) + tail[line.end(2):]
    data.write_text(head + "\nchecklists:\n" + tail, encoding="utf-8")
    site = tmp_path / "site"
    result = sitetools.build(site, project=scratch_project)
    assert result.returncode == 0, result.stderr
    shown_on = [p for p in ("", "process", "coding", "ml-system-design", "behavioral", "wrap-up", "checklists") if "&lt;script&gt;alert(1)&lt;/script&gt;" in
                main_content(page_html(site, p))]
    assert shown_on, "the value shows, escaped, where the checklist is rendered"
    for page in shown_on:
        content = main_content(page_html(site, page))
        assert "<script>alert(1)" not in content and "<iframe src=x" not in content
        assert "onerror=alert" not in content.replace("onerror=alert(2)&gt;", "")
    report = linkcheck.check_site(site, "/mle-interview-guide/", allow_missing=("pdf/*.pdf",))
    assert not [p for p in report.problems if "page content" in p.message], messages(report)
