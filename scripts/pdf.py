"""Print the built guide to PDF with headless Chromium: the whole guide and all its checklists.

    .venv/bin/python scripts/pdf.py SITE_DIR      # after `mkdocs build -d SITE_DIR`

writes SITE_DIR/pdf/checklists.pdf (the checklists page of SITE_DIR) and
SITE_DIR/pdf/mle-interview-guide.pdf (the whole guide), which the home and checklists pages link to.

The whole guide is printed from a page the published site does not have: print-site-page/, every
chapter on one page, made by mkdocs-print-site-plugin, which mkdocs.yml turns on only when
PRINT_SITE=true (the page is far over the per-page budget of issue 7). So this step makes a second
strict build of the project (this checkout, or `project` from scripts/publish.py) with
PRINT_SITE=true into a temporary folder, prints that page from it and deletes the folder; it runs
while Chromium prints the checklists. A failed build stops the step with the build's own messages.

Each site is served on 127.0.0.1 for the duration (scripts/sitetools.py), so Chromium loads it
exactly as a reader's browser does, with the print styles of overrides/assets/print.css (page
numbers and the guide's name come from its @page rules).

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
    print_build: bool = False  # printed from the PRINT_SITE=true build, not from the site itself


PRINT_PAGE = "print-site-page/"
PDFS = (
    PdfSpec(PRINT_PAGE, "pdf/mle-interview-guide.pdf", "the whole guide", print_build=True),
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
        if not spec.print_build and not index.is_file():
            raise PdfError(f"{index} is missing, so {spec.what} cannot be printed: build the site "
                           f"first (mkdocs build -d {site})")


def build_print_site(project: Path, dest: Path) -> Path:
    """A strict build of `project` with PRINT_SITE=true (so with the whole-guide page) into `dest`."""
    what = f"the build of the whole guide for its PDF (mkdocs build --strict of {project} with PRINT_SITE=true)"
    try:
        result = sitetools.build(dest, project=project, extra_env={"PRINT_SITE": "true"})
    except subprocess.TimeoutExpired as exc:
        raise PdfError(f"{what} took over {exc.timeout:.0f} s; no PDF was written") from None
    except OSError as exc:
        raise PdfError(f"{what} could not run: {exc}") from None
    if result.returncode != 0:
        raise PdfError(f"{what} failed (exit code {result.returncode}); no PDF was written:\n"
                       + sitetools.build_messages(result))
    index = dest / PRINT_PAGE / "index.html"
    if not index.is_file():
        raise PdfError(f"{what} made no {PRINT_PAGE}index.html, so the whole guide cannot be printed: "
                       "mkdocs.yml's print-site plugin must be there with "
                       "`enabled: !ENV [PRINT_SITE, false]`")
    return dest


def make_pdfs(site_dir: Path, chromium: str | os.PathLike | None = None,
              virtual_time_ms: int = VIRTUAL_TIME_MS, timeout: int = TIMEOUT_S,
              project: str | os.PathLike = sitetools.ROOT) -> list[Path]:
    """Print the checklists page of the built site in `site_dir`, and the whole guide from a
    PRINT_SITE=true build of `project` (made in a temporary folder), to `site_dir`/pdf/*.pdf and
    return their paths (in the order of PDFS). Raises PdfError (never leaves a partial PDF) when
    Chromium is missing or fails, or that build fails."""
    site = Path(site_dir).resolve()
    exe = find_chromium(chromium)
    _check_site(site)
    servers: list[sitetools.StaticServer] = []
    running: list[tuple[PdfSpec, Path, subprocess.Popen]] = []
    with tempfile.TemporaryDirectory(prefix="guide-pdf-") as tmp:
        tmp = Path(tmp)

        def start(spec: PdfSpec, root: Path) -> None:
            servers.append(sitetools.serve(root))
            n = len(running)
            out = tmp / f"{n}.pdf"
            cmd = chromium_command(exe, servers[-1].base_url + spec.page, out, tmp / f"profile-{n}",
                                   virtual_time_ms)
            try:
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
            except OSError as exc:
                raise PdfError(f"could not run Chromium ({exe}): {exc}") from None
            running.append((spec, out, proc))

        try:
            # The site's own pages print while the whole guide is built (two cores; Chromium
            # mostly waits), then the whole guide prints from that build.
            for spec in PDFS:
                if not spec.print_build:
                    start(spec, site)
            whole = None
            for spec in PDFS:
                if spec.print_build:
                    if whole is None:
                        whole = build_print_site(Path(project).resolve(), tmp / "print-site")
                    start(spec, whole)
            done = {}
            for spec, out, proc in running:
                try:
                    _, err = proc.communicate(timeout=timeout)
                except subprocess.TimeoutExpired:
                    raise PdfError(f"Chromium took over {timeout} s to print {spec.what}; "
                                   "nothing was written") from None
                ok = out.is_file() and out.stat().st_size > 1000 and out.read_bytes()[:5] == b"%PDF-"
                if proc.returncode != 0 or not ok:
                    tail = "\n".join((err or "").strip().splitlines()[-5:])
                    raise PdfError(f"Chromium ({exe}) did not print {spec.what} "
                                   f"(exit code {proc.returncode}); nothing was written."
                                   + (f" Its last messages:\n{tail}" if tail else ""))
                done[spec] = out
        finally:
            for _, _, proc in running:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            for server in servers:
                server.stop()
        written = []
        for spec in PDFS:
            dest = site / spec.output
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(done[spec]), dest)
            written.append(dest)
        return written


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
