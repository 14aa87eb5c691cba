"""scripts/publish against local bare repositories as the remote: what lands on gh-pages (one commit,
.nojekyll, 404.html, sitemap.xml, CNAME when configured, PDFs), the published branch served under
/REPO/ with no broken link or asset, and every refusal (uncommitted changes, failed build or check,
missing or unreachable remote, rejected push, failed PDF step) with nothing pushed."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import tarfile
from pathlib import Path

import pytest

import linkcheck
import publish
import sitetools
from tests.conftest import chromium_or_skip

SITE_URL = "https://owner.github.io/REPO/"
IDENTITY = {"GIT_AUTHOR_NAME": "Guide Tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
            "GIT_COMMITTER_NAME": "Guide Tests", "GIT_COMMITTER_EMAIL": "tests@example.org"}


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=str(cwd), capture_output=True, text=True,
                          env=dict(os.environ, **IDENTITY))
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = publish.main(["--project", str(repo), *args])
    return code, out.getvalue(), err.getvalue()


def remote_branches(remote: Path) -> str:
    return git(remote, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads")


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.delenv("PAGES_CNAME", raising=False)
    for key, value in IDENTITY.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path, env) -> Path:
    """A clone-like copy of the project: committed, with a bare repository as `origin`."""
    project = sitetools.copy_project(tmp_path / "guide")
    (project / ".gitignore").write_text("site/\n__pycache__/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "The guide")
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    git(project, "remote", "add", "origin", str(tmp_path / "remote.git"))
    return project


def fake_pdfs(site: Path, project: Path | None = None) -> list[Path]:
    """Stand-in for the PDF step (run for real once, below): placeholder files where it writes."""
    made = []
    for output in publish.pdf_outputs():
        path = site / output.replace("*", "stub")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n%stub\n")
        made.append(path)
    return made


@pytest.fixture
def stub_pdfs(monkeypatch):
    monkeypatch.setattr(publish, "make_pdfs", fake_pdfs)


def served_branch(remote: Path, dest: Path, branch: str = "gh-pages") -> Path:
    archive = subprocess.run(["git", "--git-dir", str(remote), "archive", "--format=tar", branch],
                             capture_output=True, check=True).stdout
    dest.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


# -- what gets published ------------------------------------------------------------------------

def test_publish_pushes_one_commit_that_serves_under_a_subpath(repo, tmp_path, monkeypatch):
    remote = tmp_path / "remote.git"
    if publish.pdf_module() is not None:
        chromium_or_skip()  # the real PDF step, once; the other tests use a stand-in
    monkeypatch.setenv("PRINT_SITE", "true")  # publish builds the site without the whole-guide page
    source = git(repo, "rev-parse", "HEAD")
    code, out, err = run(repo)
    assert code == 0, out + err
    assert "Published" in out
    log = git(remote, "log", "--format=%H %P|%s", "gh-pages").splitlines()
    assert len(log) == 1, "one publish, one commit"
    assert source[:10] in log[0]
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    for name in (".nojekyll", "404.html", "sitemap.xml", "index.html", "coding/index.html"):
        assert name in files, f"{name} missing from gh-pages"
    assert "CNAME" not in files, "no custom domain is configured"
    if publish.pdf_module() is not None:
        assert {"pdf/mle-interview-guide.pdf", "pdf/checklists.pdf"} <= files
        for name in ("pdf/mle-interview-guide.pdf", "pdf/checklists.pdf"):
            blob = subprocess.run(["git", "--git-dir", str(remote), "cat-file", "blob", f"gh-pages:{name}"],
                                  capture_output=True, check=True).stdout
            assert blob[:5] == b"%PDF-" and len(blob) > 10_000, f"{name} is not a real PDF"
    # the whole guide on one page is only printed to PDF (scripts/pdf.py), never published, even
    # when the shell has PRINT_SITE=true (set above)
    whole_page = [f for f in files if f.startswith(("print-site-page/", "js/print-site"))]
    assert not whole_page, f"published the whole-guide page: {whole_page}"
    # the checkout is untouched: no local gh-pages branch, nothing modified
    assert git(repo, "branch", "--list", "gh-pages") == ""
    assert git(repo, "status", "--porcelain") == ""

    site = served_branch(remote, tmp_path / "served")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}coding/</loc>" in sitemap
    server = sitetools.serve(site, "/REPO/")
    try:
        result = linkcheck.crawl(server.base_url)
        assert result.problems == [], "\n".join(result.problems)
        crawled = {u[len(server.base_url):] for u in result.pages}
        pages = {p.relative_to(site).as_posix().removesuffix("index.html")
                 for p in site.rglob("*.html") if p.name != "404.html"}
        assert pages <= crawled, f"pages no link reaches: {sorted(pages - crawled)}"
        assert len(result.fetched) > len(result.pages), "assets were fetched too"
        assert linkcheck.check_missing_page(server.base_url) == []
    finally:
        server.stop()

    # a second publish after a change: one more commit on top, with the change in it
    monkeypatch.setattr(publish, "make_pdfs", fake_pdfs)
    page = repo / "docs" / "wrap-up.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added for the second publish.\n",
                    encoding="utf-8")
    commit_all(repo, "Second edition")
    code, out, err = run(repo)
    assert code == 0, out + err
    log = git(remote, "log", "--format=%H %P", "gh-pages").splitlines()
    assert len(log) == 2 and log[0].split()[1] == log[1].split()[0], "the new commit sits on the old one"
    html = git(remote, "show", "gh-pages:wrap-up/index.html")
    assert "A sentence added for the second publish." in html


def test_dry_run_shows_what_would_be_pushed_and_changes_nothing(repo, tmp_path, stub_pdfs):
    remote = tmp_path / "remote.git"
    # an earlier publish with a file the new site no longer has
    old = tmp_path / "old"
    old.mkdir()
    (old / "old-page.html").write_text("<p>old</p>", encoding="utf-8")
    git(old, "init", "-q", "-b", "gh-pages")
    commit_all(old, "An old publish")
    git(old, "push", "-q", str(remote), "gh-pages")
    before_remote = remote_branches(remote)
    before_local = git(repo, "for-each-ref")

    code, out, err = run(repo, "--dry-run")
    assert code == 0, out + err
    assert "Dry run: nothing was pushed" in out
    assert "D\told-page.html" in out and "1 removed" in out
    added = re.search(r"(\d+) added, 0 changed, 1 removed", out)
    assert added and int(added.group(1)) > 20, out
    assert remote_branches(remote) == before_remote
    assert git(repo, "for-each-ref") == before_local, "no branch or remote-tracking ref changed"
    assert git(repo, "status", "--porcelain") == ""


def test_custom_domain_writes_cname(repo, tmp_path, stub_pdfs, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://guide.example.org/")
    monkeypatch.setenv("PAGES_CNAME", "guide.example.org")
    out_dir = tmp_path / "out"
    code, out, err = run(repo, "--out", str(out_dir))
    assert code == 0, out + err
    assert (out_dir / "CNAME").read_text(encoding="utf-8") == "guide.example.org\n"
    assert (out_dir / ".nojekyll").is_file() and (out_dir / "404.html").is_file()
    assert "<loc>https://guide.example.org/coding/</loc>" in (out_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert remote_branches(tmp_path / "remote.git") == "", "--out pushes nothing"
    # --out never writes into a folder that has something in it
    code, _, err = run(repo, "--out", str(out_dir))
    assert code == 1 and "not empty" in err


def test_custom_domain_in_mkdocs_yml_must_match_site_url(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("PAGES_CNAME", raising=False)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://owner.github.io/guide/\nextra:\n  cname: guide.example.org\n",
        encoding="utf-8")
    with pytest.raises(publish.PublishError, match=r"set site_url: https://guide.example.org/"):
        publish.read_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://guide.example.org/\nextra:\n  cname: https://guide.example.org/\n",
        encoding="utf-8")
    with pytest.raises(publish.PublishError, match="not a domain name"):
        publish.read_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://guide.example.org/\nextra:\n  cname: Guide.Example.org\n",
        encoding="utf-8")
    config = publish.read_config(tmp_path)
    assert (config.cname, config.base) == ("guide.example.org", "/")


# -- refusals: a clear message, nothing pushed ---------------------------------------------------

def test_refuses_uncommitted_changes(repo, tmp_path):
    (repo / "docs" / "coding.md").write_text("# changed\n", encoding="utf-8")
    code, out, err = run(repo, "--dry-run")
    assert code == 1
    assert "uncommitted changes" in err and "docs/coding.md" in err and "Nothing was pushed" in err
    git(repo, "checkout", "--", "docs/coding.md")
    (repo / "docs" / "draft.md").write_text("# new page\n", encoding="utf-8")
    code, _, err = run(repo)
    assert code == 1 and "docs/draft.md" in err
    assert remote_branches(tmp_path / "remote.git") == ""


def test_refuses_to_publish_onto_a_source_branch(repo, tmp_path):
    code, _, err = run(repo, "--branch", "main")
    assert code == 1 and "is a source branch" in err
    assert remote_branches(tmp_path / "remote.git") == ""


def test_refuses_a_remote_that_does_not_exist(repo, tmp_path):
    code, _, err = run(repo, "--remote", "upstream")
    assert code == 1
    assert "no git remote named 'upstream'" in err and "origin" in err
    git(repo, "remote", "add", "gone", str(tmp_path / "nowhere.git"))
    code, _, err = run(repo, "--remote", "gone")
    assert code == 1 and "cannot reach the remote 'gone'" in err


def test_refuses_a_failed_build(repo, tmp_path):
    page = repo / "docs" / "coding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the missing page](no-such-page.md).\n",
                    encoding="utf-8")
    commit_all(repo, "A broken link")
    code, _, err = run(repo)
    assert code == 1
    assert "strict build failed" in err and "no-such-page.md" in err
    assert "Traceback" not in err
    assert remote_branches(tmp_path / "remote.git") == ""


def test_refuses_a_failed_link_check(repo, tmp_path, stub_pdfs):
    page = repo / "docs" / "wrap-up.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n<script>alert("hi")</script>\n\nSee <a href="../nowhere/">this</a> and '
                      '[an old site](http://example.com/guide).\n', encoding="utf-8")
    commit_all(repo, "Raw HTML")
    code, _, err = run(repo)
    assert code == 1
    assert "link check failed" in err
    assert "wrap-up/index.html" in err and "raw <script>" in err
    assert "broken link ../nowhere/" in err
    assert "http://example.com/guide: uses http:, use https:" in err
    assert remote_branches(tmp_path / "remote.git") == ""


def test_refuses_a_rejected_push(repo, tmp_path, stub_pdfs):
    remote = tmp_path / "remote.git"
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'gh-pages is protected on this remote' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    code, out, err = run(repo)
    assert code == 1, out
    assert "was rejected" in err and "gh-pages is protected on this remote" in err
    assert "Nothing was pushed" in err
    assert remote_branches(remote) == ""


def test_a_failed_pdf_step_stops_the_publish(repo, tmp_path, monkeypatch):
    if publish.pdf_module() is None:
        pytest.skip("scripts/pdf.py is not there")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium-here"))
    code, _, err = run(repo)
    assert code == 1
    assert "PDF step failed" in err and "no-chromium-here" in err
    assert remote_branches(tmp_path / "remote.git") == ""


def test_wrapper_sources_env_and_calls_the_module():
    wrapper = Path(publish.__file__).with_suffix("")
    text = wrapper.read_text(encoding="utf-8")
    assert os.access(wrapper, os.X_OK)
    assert 'source "$(dirname "$0")/_env.sh"' in text and "scripts/publish.py" in text
