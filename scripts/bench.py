"""The guide's benchmark: Lighthouse, axe-core, first-visit bytes and build times.

`scripts/bench` runs `main()`. The browser checks are plain functions that the test suite calls too
(tests/test_a11y.py and tests/test_budget.py), so the suite and the benchmark measure the same thing:

- `site_pages(site)`: every HTML page of a built site, as URLs relative to the site root.
- `axe_violations(page)`: axe-core's violations on the page open in a Playwright page.
- `first_visit(browser, url)`: every request of a first visit (empty cache) until the network is
  idle, with the bytes transferred and the requests to other hosts.

Only Lighthouse needs Node.js (npm packages pinned in package.json); everything else runs in the
project's .venv with Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import sitetools  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SUBPATH = "/mle-interview-guide/"
BUDGET_BYTES = 100 * 1024          # first visit, everything until the network is idle
BUILD_BUDGET_S = 3.0               # full strict build
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
# Two widths (a phone and a laptop) and the two palettes (Material's "default" and "slate"):
# the palette follows the system preference, so emulating it picks the scheme.
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
IMPACTS = ("critical", "serious", "moderate", "minor")


# --------------------------------------------------------------------------- pages of a site

def site_pages(site: str | Path) -> list[str]:
    """Every HTML page of the built site as a URL relative to its root ('' is the home page,
    'coding/' a chapter, '404.html' the error page). Theme assets and the search index are skipped."""
    site = Path(site)
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        if rel == "index.html":
            pages.append("")
        elif rel.endswith("/index.html"):
            pages.append(rel[: -len("index.html")])
        else:
            pages.append(rel)
    return sorted(pages, key=lambda p: (p != "", p == "404.html", p))


# --------------------------------------------------------------------------- axe-core

def axe_source() -> str:
    """axe.min.js: from node_modules when `npm install` ran (the bench), else the copy bundled in
    the PyPI package axe-playwright-python (the test suite, which needs no npm). Both pin 4.12.1."""
    npm = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if npm.is_file():
        return npm.read_text(encoding="utf-8")
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        raise SystemExit("error: axe-core is missing: run `npm install` (bench) or "
                         "`.venv/bin/pip install -r requirements-test.txt` (tests)") from None
    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


_AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: (n.failureSummary || '').slice(0, 300)}))}));
}"""


def axe_violations(page, source: str | None = None) -> list[dict]:
    """Run axe-core on the page open in `page` (a Playwright page): a list of
    {id, impact, help, nodes: [{target, html, summary}]}; empty when the page passes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source or _cached_axe())
    return page.evaluate(_AXE_RUN)


_axe_cache: list[str] = []


def _cached_axe() -> str:
    if not _axe_cache:
        _axe_cache.append(axe_source())
    return _axe_cache[0]


def settle(page) -> None:
    """Wait until Material has applied the palette and finished its colour transitions."""
    page.wait_for_load_state("load")
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')", timeout=5000)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => 0)))")


def axe_matrix(browser, base_url: str, pages: list[str]) -> dict[tuple[str, str, str], list[dict]]:
    """axe-core on every page, in both palettes at both widths: {(page, scheme, width): violations}.
    One browser context per palette and width, reused across pages."""
    out = {}
    source = _cached_axe()
    for scheme in SCHEMES:
        for width, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                          reduced_motion="reduce")
            try:
                page = context.new_page()
                for rel in pages:
                    page.goto(base_url + rel)
                    settle(page)
                    out[(rel, scheme, width)] = axe_violations(page, source)
            finally:
                context.close()
    return out


def describe_violations(found: dict[tuple[str, str, str], list[dict]]) -> str:
    """One line per violation and page/palette/width, for a test failure message."""
    lines = []
    for (rel, scheme, width), violations in sorted(found.items()):
        for v in violations:
            first = v["nodes"][0] if v["nodes"] else {"target": "?", "summary": ""}
            lines.append(f"/{rel} [{scheme}, {width}]: {v['id']} ({v['impact']}) x{len(v['nodes'])}: "
                         f"{v['help']}; e.g. {first['target']}: {first['summary'].splitlines()[-1:]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- first visit

@dataclass
class Visit:
    url: str
    requests: list[dict] = field(default_factory=list)   # {url, status, bytes}
    failed: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(r["bytes"] for r in self.requests)

    def other_hosts(self, base_url: str) -> list[str]:
        home = urlsplit(base_url).netloc
        return [r["url"] for r in self.requests if not _same_host(r["url"], home)] + \
               [u for u in self.failed if not _same_host(u, home)]


def _same_host(url: str, netloc: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.netloc == netloc


def first_visit(browser, url: str, viewport: dict | None = None, timeout_ms: int = 30000) -> Visit:
    """Open `url` in a fresh context (empty cache) and record every request (pages, assets,
    workers) until the network has been idle for 500 ms. Bytes are what went over the wire:
    the encoded (gzip) body plus the response headers."""
    visit = Visit(url)
    context = browser.new_context(viewport=viewport or VIEWPORTS["phone"])
    try:
        def finished(request):
            response = request.response()
            sizes = request.sizes()
            body = sizes.get("responseBodySize") or 0
            if not body and response is not None:
                # Chromium reports no body size for a worker's script: use the header instead.
                body = int(response.headers.get("content-length") or 0)
            visit.requests.append({"url": request.url, "status": response.status if response else 0,
                                   "bytes": body + (sizes.get("responseHeadersSize") or 0)})

        context.on("requestfinished", finished)
        context.on("requestfailed", lambda request: visit.failed.append(request.url))
        page = context.new_page()
        page.goto(url, wait_until="networkidle", timeout=timeout_ms)
    finally:
        context.close()
    return visit


# --------------------------------------------------------------------------- Lighthouse

def lighthouse_bin() -> Path:
    return ROOT / "node_modules" / ".bin" / "lighthouse"


def lighthouse(url: str, out_json: Path) -> dict:
    """One Lighthouse run in mobile mode (its default: emulated phone, simulated slow 4G and
    4x CPU throttling). Returns the four scores, LCP, TBT, CLS and the audits that did not pass."""
    cmd = [str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={out_json}",
           "--only-categories=performance,accessibility,best-practices,seo",
           f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    if proc.returncode != 0 or not out_json.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr.strip()[-800:]}")
    report = json.loads(out_json.read_text(encoding="utf-8"))
    cats, audits = report["categories"], report["audits"]
    failing = []
    for cid, cat in cats.items():
        for ref in cat["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1 \
                    and audit.get("scoreDisplayMode") not in ("notApplicable", "informative", "manual"):
                failing.append(f"{cid}:{ref['id']}={audit['score']}")
    return {
        "performance": _score(cats, "performance"), "accessibility": _score(cats, "accessibility"),
        "best-practices": _score(cats, "best-practices"), "seo": _score(cats, "seo"),
        "lcp_ms": audits["largest-contentful-paint"].get("numericValue"),
        "tbt_ms": audits["total-blocking-time"].get("numericValue"),
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
        "fcp_ms": audits["first-contentful-paint"].get("numericValue"),
        "lh_bytes": audits.get("total-byte-weight", {}).get("numericValue"),
        "failing": failing,
    }


def _score(cats: dict, cid: str) -> int | None:
    score = cats.get(cid, {}).get("score")
    return None if score is None else round(score * 100)


def lighthouse_median(url: str, runs: int, workdir: Path) -> dict:
    """Median of `runs` Lighthouse runs, field by field (its performance score moves by a few
    points between runs on two cores). `failing` lists audits that failed in any run."""
    results = [lighthouse(url, workdir / f"lh-{i}.json") for i in range(runs)]
    out = {}
    for key in results[0]:
        if key == "failing":
            out[key] = sorted({f.split("=")[0] for r in results for f in r[key]})
        else:
            values = [r[key] for r in results if r[key] is not None]
            out[key] = statistics.median(values) if values else None
    out["performance_runs"] = [r["performance"] for r in results]
    return out
