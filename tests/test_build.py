"""The real site built strictly, and copies of it with bad input: each bad input stops the
build with a clear message (file, line or key path, problem) and no Python traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import sitetools
from tests.helpers import ROOT, main_content, page_html

PAGES = ["", "process", "coding", "ml-system-design", "behavioral", "wrap-up", "checklists", "resources"]


def test_every_chapter_is_built(built_site):
    for page in PAGES:
        assert (built_site / page / "index.html").is_file(), f"page {page or 'home'} missing"
    assert (built_site / "404.html").is_file() and (built_site / "sitemap.xml").is_file()


def test_e6_phone_screen_shows_behavioral_segment(built_site):
    html = page_html(built_site, "process")
    row = re.search(r'<th scope="row">Behavioral questions</th>(.*?)</tr>', html).group(1)
    assert re.findall(r'data-level="(E\d)"', row) == ["E4", "E5", "E6"]
    assert re.search(r'data-level="E6"[^>]*><strong>15 min</strong>', row)


def test_no_unrendered_macros_and_no_macro_errors(built_site):
    for page in PAGES:
        html = main_content(page_html(built_site, page))
        assert "{{" not in re.sub(r"<code.*?</code>", "", html, flags=re.S), f"raw macro left on {page}"
        assert "Macro Rendering Error" not in html and "Traceback" not in html


def test_no_third_party_requests_in_html(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        tags = re.findall(r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*>', html)
        for tag in tags:
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue  # links for search engines, not requests
            m = re.search(r'(?:src|href)="(https?:[^"]+)"', tag)
            if m:
                url = m.group(1)
                pytest.fail(f"{path.relative_to(built_site)} loads {url} from another host")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_changed_value_changes_on_every_page_that_shows_it(built_site, scratch_project, tmp_path):
    data = scratch_project / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    old_item = "Solve the company's top 100 tagged questions from the last six months."
    shown_on = [p for p in PAGES if old_item.replace("'", "&#39;") in page_html(built_site, p)]
    assert len(shown_on) >= 2, "the checklist item should show on its chapter and on the checklists page"
    text = text.replace(old_item, "Solve the company's most frequent tagged questions.", 1)
    # E6 phone screen: 2 + 25 + 15 + 3 -> 3 + 25 + 14 + 3
    text = text.replace("          - name: Introduction\n            minutes: 2",
                        "          - name: Introduction\n            minutes: 3", 1)
    text = text.replace("          - name: Behavioral questions\n            minutes: 15",
                        "          - name: Behavioral questions\n            minutes: 14", 1)
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = sitetools.build(out, project=scratch_project)
    assert result.returncode == 0, result.stderr
    for p in shown_on:
        html = page_html(out, p)
        assert "most frequent tagged questions" in html and old_item.replace("'", "&#39;") not in html
    for p in ["process"]:
        row = re.search(r'<th scope="row">Behavioral questions</th>(.*?)</tr>', page_html(out, p)).group(1)
        assert "14 min" in row and "15 min" not in row
    for p in ["", "companies"]:  # Meta's E6 loop in "your loop", from the same data
        block = re.search(r'data-company="meta" data-level="E6">(.*?)</div>', page_html(out, p), re.S).group(1)
        assert "Behavioral questions 14 min" in block and "Behavioral questions 15 min" not in block


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_DATA = {
    "yaml-syntax": ("  - id: E5\n", "  - id: [E5\n", r"data/guide\.yml:\d+: YAML syntax error"),
    "unknown-key": ("    title: Senior\n", "    title: Senior\n    tittle: x\n",
                    r"data/guide\.yml:\d+ at levels\[1\]\.tittle: unknown key 'tittle'"),
    "wrong-type": ("    minutes: 45\n    decides: bar", "    minutes: lots\n    decides: bar",
                   r"data/guide\.yml:\d+ at round_types\[0\]\.minutes: .*'lots'"),
    "missing-field": ("    scope: Sets technical direction", "    # Sets technical direction",
                      r"data/guide\.yml:\d+ at levels\[2\]\.scope: required key 'scope' is missing"),
    "duplicate-id": ("      - id: leetcode-subscription\n", "      - id: confirm-level\n",
                     r"data/guide\.yml:\d+ at checklists\[\d+\]\.items\[0\]\.id: duplicate checklist item id 'confirm-level'"),
    "unknown-level": ("      - levels: [E6]\n        segments:", "      - levels: [E9]\n        segments:",
                      r"data/guide\.yml:\d+ at stages\[0\]\.formats\[1\]\.levels\[0\]: unknown level 'E9'"),
    "unknown-round-type": ("rounds: {coding: 1, ai-assisted-coding: 1, ml-system-design: 2, behavioral: 1}",
                           "rounds: {coding: 1, ai-assisted-coding: 1, ml-system-design: 2, behavioural: 1}",
                           r"unknown round type 'behavioural'"),
    "zero-minutes": ("        name: Plan\n        minutes: 5", "        name: Plan\n        minutes: 0",
                     r"data/guide\.yml:\d+ at approaches\[0\]\.steps\[1\]\.minutes: .*greater than 0"),
    "segments-sum": ("          - name: Behavioral questions\n            minutes: 15",
                     "          - name: Behavioral questions\n            minutes: 20",
                     r"segments add up to 50 minutes but the stated length is 45"),
}


def assert_clean_failure(result, pattern: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"build should have failed:\n{output}"
    assert re.search(pattern, output), f"expected /{pattern}/ in:\n{output}"
    assert "Traceback" not in output, f"a traceback reached the contributor:\n{output}"
    return output


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_stops_build(scratch_project, tmp_path, case):
    old, new, pattern = BAD_DATA[case]
    _edit(scratch_project / "data" / "guide.yml", old, new)
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert_clean_failure(result, pattern)
    assert not (tmp_path / "out" / "index.html").exists(), "a failed build must not leave a site"


def test_missing_data_file_stops_build(scratch_project, tmp_path):
    (scratch_project / "data" / "guide.yml").unlink()
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert_clean_failure(result, r"data/guide\.yml: data file not found")


def build_with_line_added(project: Path, out: Path, page: str, line: str):
    """Append `line` to docs/`page` in a scratch project, build it, and return
    (the build result, the number of the added line in the page source)."""
    path = project / "docs" / page
    lines = path.read_text(encoding="utf-8").splitlines() + ["", line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sitetools.build(out, project=project), len(lines)


def test_unknown_macro_stops_build(scratch_project, tmp_path):
    result, n = build_with_line_added(scratch_project, tmp_path / "out", "coding.md", '{{ checklst("coding-prep") }}')
    assert_clean_failure(result, rf"docs/coding\.md:{n}: unknown macro 'checklst'")


def test_unknown_checklist_id_stops_build(scratch_project, tmp_path):
    result, n = build_with_line_added(scratch_project, tmp_path / "out", "wrap-up.md", '{{ checklist("day-after") }}')
    assert_clean_failure(result, rf"docs/wrap-up\.md:{n}: in checklist\('day-after'\): unknown checklist 'day-after'")


def test_bad_fact_path_stops_build(scratch_project, tmp_path):
    result, n = build_with_line_added(scratch_project, tmp_path / "out", "process.md",
                                      'The round lasts {{ fact("round_types.coding.minuets") }}.')
    assert_clean_failure(result, rf"docs/process\.md:{n}: in fact\(.*nothing called 'minuets'")


def test_missing_page_stops_build(scratch_project, tmp_path):
    (scratch_project / "docs" / "resources.md").unlink()
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert_clean_failure(result, r"'resources\.md'.*not found")


def test_broken_link_stops_build(scratch_project, tmp_path):
    result, _ = build_with_line_added(scratch_project, tmp_path / "out", "wrap-up.md",
                                      "See [the missing chapter](missing.md).")
    assert_clean_failure(result, r"wrap-up\.md.*missing\.md")


def test_broken_anchor_stops_build(scratch_project, tmp_path):
    result, _ = build_with_line_added(scratch_project, tmp_path / "out", "wrap-up.md",
                                      "See [the phone screen](process.md#no-such-heading).")
    assert_clean_failure(result, r"wrap-up\.md.*no-such-heading")


def test_braces_in_code_on_pages_without_macros_are_left_alone(scratch_project, tmp_path):
    # Only pages that opt in with render_macros are read as Jinja.
    page = scratch_project / "docs" / "extra.md"
    page.write_text("# Extra\n\n```python\nd = {{1: 2}}\nprint(f'{{x}}')\n```\n", encoding="utf-8")
    _edit(scratch_project / "mkdocs.yml", "  - Resources: resources.md\n", "  - Resources: resources.md\n  - Extra: extra.md\n")
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "extra" / "index.html").read_text(encoding="utf-8")
    code = re.sub(r"<[^>]+>", "", html)
    assert "{{1: 2}}" in code and "{{x}}" in code


def test_invalid_front_matter_stops_build(scratch_project, tmp_path):
    page = scratch_project / "docs" / "resources.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\ndescription: Resources: books, sites: and more\n" + text[4:], encoding="utf-8")
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert_clean_failure(result, r"docs/resources\.md:2: front matter is not valid YAML")
