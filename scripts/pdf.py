"""Print the built guide to PDF with headless Chromium: the whole guide and all its checklists.

    .venv/bin/python scripts/pdf.py SITE_DIR      # after `mkdocs build -d SITE_DIR`

writes SITE_DIR/pdf/mle-interview-guide.pdf (the whole-guide page, print-site-page/, made by
mkdocs-print-site-plugin) and SITE_DIR/pdf/checklists.pdf (the checklists page), which the home and
checklists pages link to. The site is served on 127.0.0.1 for the duration (scripts/sitetools.py),
so Chromium loads it exactly as a reader's browser does, with the print styles of
overrides/assets/print.css (page numbers and the guide's name come from its @page rules).

Chromium is found at $CHROMIUM, /usr/bin/chromium, or as chromium, chromium-browser or google-chrome on
PATH. Without it the step stops with PdfError (exit code 1 from the command line): a published site
must never go out without its PDFs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitetools  # noqa: E402

DEFAULT_CHROMIUM = "/usr/bin/chromium"
FALLBACK_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Virtual time Chromium gives a page to load and run its scripts before printing (the whole-guide
# page copies its contents list in on load). Real time is far shorter: the site is local.
VIRTUAL_TIME_MS = 5000
TIMEOUT_S = 120


class PdfError(Exception):
    """A PDF could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class PdfSpec:
    page: str  # the page's path in the site (a directory URL)
    output: str  # where the PDF goes, relative to the site directory
    what: str  # for messages


PDFS = (
    PdfSpec("print-site-page/", "pdf/mle-interview-guide.pdf", "the whole guide"),
    PdfSpec("checklists/", "pdf/checklists.pdf", "all checklists"),
)


def find_chromium(explicit: str | os.PathLike | None = None) -> str:
    """The Chromium executable to use. An explicit path (argument, then $CHROMIUM) must exist;
    otherwise /usr/bin/chromium and the usual names on PATH are tried."""
    wanted = explicit if explicit is not None else os.environ.get("CHROMIUM") or None
    if wanted is not None:
        path = Path(wanted)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise PdfError(
            f"Chromium not found at {str(wanted)!r}: the guide's PDFs are printed with headless "
            "Chromium. Install it (Debian: apt-get install chromium) or set CHROMIUM to a Chromium "
            "or Chrome executable.")
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    for name in FALLBACK_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        f"Chromium not found (looked for {DEFAULT_CHROMIUM} and {', '.join(FALLBACK_NAMES)} on "
        "PATH): the guide's PDFs are printed with headless Chromium. Install it (Debian: apt-get "
        "install chromium) or set CHROMIUM to a Chromium or Chrome executable.")


def chromium_command(chromium: str, url: str, out: Path, profile: Path,
                     virtual_time_ms: int = VIRTUAL_TIME_MS) -> list[str]:
    return [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
        "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
        "--mute-audio", "--hide-scrollbars", f"--user-data-dir={profile}",
        "--no-pdf-header-footer", f"--virtual-time-budget={virtual_time_ms}",
        f"--print-to-pdf={out}", url,
    ]


def pdf_page_count(path: str | os.PathLike) -> int:
    """Pages in a PDF written by Chromium (its page objects are plain dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(path).read_bytes()))


def _check_site(site: Path) -> None:
    if not site.is_dir():
        raise PdfError(f"{site}: no such directory; build the site first (mkdocs build -d {site})")
    for spec in PDFS:
        index = site / spec.page / "index.html"
        if not index.is_file():
            hint = (" (is the print-site plugin in mkdocs.yml's plugins?)"
                    if spec.page.startswith("print-site-page") else "")
            raise PdfError(f"{index} is missing, so {spec.what} cannot be printed: build the site "
                           f"first{hint}")


def make_pdfs(site_dir: Path, chromium: str | os.PathLike | None = None,
              virtual_time_ms: int = VIRTUAL_TIME_MS, timeout: int = TIMEOUT_S) -> list[Path]:
    """Print the whole guide and the checklists page of the built site in `site_dir` to
    `site_dir`/pdf/*.pdf and return their paths. Raises PdfError (never leaves a partial PDF) when
    Chromium is missing or fails."""
    site = Path(site_dir).resolve()
    exe = find_chromium(chromium)
    _check_site(site)
    server = sitetools.serve(site)
    try:
        with tempfile.TemporaryDirectory(prefix="guide-pdf-") as tmp:
            tmp = Path(tmp)
            running = []
            for i, spec in enumerate(PDFS):  # both at once: two cores, and most time is waiting
                out = tmp / f"{i}.pdf"
                cmd = chromium_command(exe, server.base_url + spec.page, out, tmp / f"profile-{i}",
                                       virtual_time_ms)
                try:
                    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            text=True)
                except OSError as exc:
                    raise PdfError(f"could not run Chromium ({exe}): {exc}") from None
                running.append((spec, out, proc))
            done = []
            for spec, out, proc in running:
                try:
                    _, err = proc.communicate(timeout=timeout)
                except subprocess.TimeoutExpired:
                    for _, _, other in running:
                        other.kill()
                    raise PdfError(f"Chromium took over {timeout} s to print {spec.what}; "
                                   "nothing was written") from None
                ok = out.is_file() and out.stat().st_size > 1000 and out.read_bytes()[:5] == b"%PDF-"
                if proc.returncode != 0 or not ok:
                    tail = "\n".join((err or "").strip().splitlines()[-5:])
                    raise PdfError(f"Chromium ({exe}) did not print {spec.what} "
                                   f"(exit code {proc.returncode}); nothing was written."
                                   + (f" Its last messages:\n{tail}" if tail else ""))
                done.append((spec, out))
            written = []
            for spec, out in done:
                dest = site / spec.output
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(out), dest)
                written.append(dest)
            return written
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: .venv/bin/python scripts/pdf.py SITE_DIR", file=sys.stderr)
        return 2
    start = time.monotonic()
    try:
        paths = make_pdfs(Path(args[0]))
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path} ({pdf_page_count(path)} pages, {path.stat().st_size // 1024} KB)")
    print(f"PDFs made in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
