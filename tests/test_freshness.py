"""Freshness: each page shows "Last updated" from git history; a shallow clone or an export
without history shows no date rather than a wrong one, and still builds strictly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

import sitetools
from macros import freshness
from tests.helpers import page_html

IDENTITY = {"GIT_AUTHOR_NAME": "Guide Tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
            "GIT_COMMITTER_NAME": "Guide Tests", "GIT_COMMITTER_EMAIL": "tests@example.org"}
UPDATED = re.compile(r'Last updated <time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>')


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, **IDENTITY)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    proc = subprocess.run(["git", *args], cwd=str(cwd), env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def commit(repo: Path, paths: list[str], date: str, message: str) -> None:
    for rel in paths:
        path = repo / rel
        path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- {message} -->\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def updated(site: Path, page: str) -> tuple[str, str] | None:
    m = UPDATED.search(page_html(site, page))
    return m.groups() if m else None


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory) -> Path:
    """The project with four commits: everything (2 Jan), the data (4 Mar), wrap-up (6 May),
    coding (8 Jul 2024)."""
    repo = sitetools.copy_project(tmp_path_factory.mktemp("fresh") / "guide")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "everything", date="2024-01-02T10:00:00+00:00")
    path = repo / "data" / "guide.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "data", date="2024-03-04T10:00:00+00:00")
    commit(repo, ["docs/wrap-up.md"], "2024-05-06T23:30:00-02:00", "wrap-up")  # 7 May in UTC
    commit(repo, ["docs/coding.md"], "2024-07-08T10:00:00+00:00", "coding")
    return repo


def test_each_page_shows_when_it_last_changed(history_repo, tmp_path):
    site = tmp_path / "site"
    result = sitetools.build(site, project=history_repo)
    assert result.returncode == 0, result.stderr
    # pages that show data changed when the data did, unless the page itself changed later
    assert updated(site, "coding") == ("2024-07-08", "8 July 2024")
    assert updated(site, "wrap-up") == ("2024-05-07", "7 May 2024"), "dates are calendar days in UTC"
    assert updated(site, "process") == ("2024-03-04", "4 March 2024")
    assert updated(site, "") == ("2024-03-04", "4 March 2024")
    # it is visible text at the foot of the page content, not only a tooltip
    html = page_html(site, "coding")
    assert html.index("Last updated") > html.index('<article class="md-content__inner')
    assert html.index("Last updated") < html.index("</article>")


def test_shallow_clone_shows_no_date_it_cannot_know(history_repo, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history_repo}", str(shallow))
    site = tmp_path / "site"
    result = sitetools.build(site, project=shallow)
    assert result.returncode == 0, result.stderr
    for page in ("", "process", "coding", "wrap-up"):
        assert updated(site, page) is None, f"{page or 'home'}: a shallow clone cannot tell this date"
    # two commits deep: what changed in the newest commit is known, what only the boundary shows is not
    deeper = tmp_path / "deeper"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{history_repo}", str(deeper))
    history = freshness.load_history(deeper)
    assert history.shallow, "the clone is shallow"
    assert history.date(deeper / "docs" / "coding.md") == datetime(2024, 7, 8, 10, tzinfo=timezone.utc)
    assert history.date(deeper / "docs" / "process.md") is None
    assert history.date(deeper / "docs" / "wrap-up.md") is None


def test_export_without_history_builds_without_dates(history_repo, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(history_repo, export, ignore=shutil.ignore_patterns(".git"))
    site = tmp_path / "site"
    result = sitetools.build(site, project=export)
    assert result.returncode == 0, result.stderr
    assert "Last updated" not in page_html(site, "coding")
    assert not freshness.load_history(export).available


def test_uncommitted_new_page_has_no_date(history_repo, tmp_path):
    history = freshness.load_history(history_repo)
    assert freshness.page_date(history, history_repo / "docs" / "not-committed.md") is None
    page = history_repo / "docs" / "wrap-up.md"
    data = history_repo / "data" / "guide.yml"
    assert freshness.page_date(history, page, data) == freshness.page_date(history, page)
    assert freshness.page_date(history, history_repo / "docs" / "process.md", data) == \
        datetime(2024, 3, 4, 10, tzinfo=timezone.utc)


def test_parse_log_keeps_the_newest_commit_per_file(tmp_path):
    output = ("\x00bbb 2024-02-01T00:00:00+00:00\n\ndocs/a.md\ndocs/b.md\n"
              "\x00aaa 2024-01-01T00:00:00+00:00\n\ndocs/a.md\ndocs/c.md\n")
    last = freshness.parse_log(output, tmp_path)
    assert last[(tmp_path / "docs/a.md").resolve()][1] == "bbb"
    assert last[(tmp_path / "docs/c.md").resolve()][1] == "aaa"
    history = freshness.History(tmp_path, last, shallow={"aaa"})
    assert history.date(tmp_path / "docs/c.md") is None, "a boundary commit's date is not known"
    assert freshness.format_date(datetime(2024, 2, 1, tzinfo=timezone.utc)) == "1 February 2024"
