"""Shared fixtures: the real site built once per session, a static server under a sub-path,
and a Chromium browser driven by Playwright (Debian's /usr/bin/chromium, never a download)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import sitetools  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SUBPATH = "/mle-interview-guide/"


def chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built strictly once for the whole session."""
    dest = tmp_path_factory.mktemp("site")
    result = sitetools.build(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def print_site(tmp_path_factory) -> Path:
    """The build scripts/pdf.py prints the whole guide from: PRINT_SITE=true adds the whole-guide
    page (print-site-page/), which the real site does not have. Built once, on first use."""
    dest = tmp_path_factory.mktemp("print-site")
    result = sitetools.build(dest, extra_env={"PRINT_SITE": "true"})
    assert result.returncode == 0, f"strict PRINT_SITE=true build failed:\n{result.stdout}\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def served_site(built_site):
    server = sitetools.serve(built_site, SUBPATH)
    yield server.base_url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=[
            "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.console_errors = errors
    yield pg
    context.close()


@pytest.fixture
def scratch_project(tmp_path) -> Path:
    """A copy of the project that a test may change (data, pages) and build."""
    return sitetools.copy_project(tmp_path / "project")
