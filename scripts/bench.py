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
    """Wait until the page's scripts (loaded after the first paint, macros/afterpaint.py) have
    started Material and the guide's widgets, and colour transitions have finished."""
    page.wait_for_load_state("load")
    page.wait_for_function("window.__gStarted === true", timeout=10000)
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')", timeout=5000)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => 0)))")


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_NOSCRIPT = re.compile(r"</?noscript>", re.I)


def without_scripts(context) -> None:
    """Serve every page of `context` as a browser with JavaScript off shows it: the page's own
    scripts removed and its <noscript> content shown. (Playwright's `java_script_enabled=False`
    also stops the timers axe-core needs, so axe could not run at all.)"""
    def strip(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        body = _NOSCRIPT.sub("", _SCRIPT.sub("", response.text()))
        route.fulfill(response=response, body=body)
    context.route("**/*", strip)


def axe_matrix(browser, base_url: str, pages: list[str], javascript: bool = True,
               widths: tuple[str, ...] = tuple(VIEWPORTS)) -> dict[tuple[str, str, str], list[dict]]:
    """axe-core on every page, in both palettes at the given widths: {(page, scheme, width): violations}.
    One browser context per palette and width, reused across pages. With javascript=False the
    pages are judged as they load, before any script of theirs has run (`without_scripts`)."""
    out = {}
    source = _cached_axe()
    for scheme in SCHEMES:
        for width in widths:
            viewport = VIEWPORTS[width]
            context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                          reduced_motion="reduce")
            if not javascript:
                without_scripts(context)
            try:
                page = context.new_page()
                for rel in pages:
                    page.goto(base_url + rel)
                    if javascript:
                        settle(page)
                    else:
                        page.wait_for_load_state("load")
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
    # A run whose performance category errored (Lighthouse could not compute a metric) is kept out
    # of the medians but shown in performance_runs as None.
    good = [r for r in results if r["performance"] is not None] or results
    out = {}
    for key in results[0]:
        if key == "failing":
            out[key] = sorted({f.split("=")[0] for r in results for f in r[key]})
        else:
            values = [r[key] for r in good if r[key] is not None]
            out[key] = statistics.median_low(values) if values else None
    out["performance_runs"] = [r["performance"] for r in results]
    return out


# --------------------------------------------------------------------------- build figures

class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class Timing:
    wall: float   # seconds on the clock
    cpu: float    # user + system seconds of the build process: barely moved by other load

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def timed_build(project: Path, dest: Path, site_url: str | None = None) -> Timing:
    """One `mkdocs build --strict` in a fresh process (as a contributor runs it)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = sitetools.build(dest, project=project, site_url=site_url, timeout=1800)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise BenchError(f"strict build of {project} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


# mkdocs serve rebuilds in the same process: config reloaded, every page rebuilt, imports warm.
_SERVE_REBUILD = r"""
import json, os, sys, time, logging
logging.disable(logging.WARNING - 1)
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, dest = sys.argv[1], sys.argv[2]
def once():
    start, cpu = time.perf_counter(), time.process_time()
    build(load_config(os.path.join(project, "mkdocs.yml"), site_dir=dest))
    return [time.perf_counter() - start, time.process_time() - cpu]
out = {"first": once()}
with open(os.path.join(project, "docs", "coding.md"), "a", encoding="utf-8") as f:
    f.write("\n\nA sentence added by the benchmark.\n")
out["page"] = once()
with open(os.path.join(project, "data", "guide.yml"), "a", encoding="utf-8") as f:
    f.write("\n# a comment added by the benchmark\n")
out["data"] = once()
print(json.dumps(out))
"""


def serve_rebuilds(project: Path, dest: Path) -> dict:
    """In-process rebuild times (what `mkdocs serve` does after a save): first build, after editing
    one page, after editing the data file."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([sys.executable, "-c", _SERVE_REBUILD, str(project), str(dest)], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise BenchError(f"in-process rebuild failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build_figures(work: Path, repeats: int = 3) -> dict:
    """Cold full strict builds (fresh process, empty output directory; median of `repeats`), then a
    rebuild after editing one page and after editing the data file, in a fresh process and in process."""
    project = sitetools.copy_project(work / "project")
    cold = []
    for i in range(repeats):
        dest = work / f"cold-{i}"
        cold.append(timed_build(project, dest))
        shutil.rmtree(dest, ignore_errors=True)
    dest = work / "site"
    timed_build(project, dest)
    page = project / "docs" / "coding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nA sentence added by the benchmark.\n", encoding="utf-8")
    after_page = timed_build(project, dest)
    data = project / "data" / "guide.yml"
    data.write_text(data.read_text(encoding="utf-8") + "\n# a comment added by the benchmark\n", encoding="utf-8")
    after_data = timed_build(project, dest)
    serve = serve_rebuilds(sitetools.copy_project(work / "project-serve"), work / "site-serve")
    median = sorted(cold, key=lambda t: t.wall)[len(cold) // 2]
    return {"cold_runs": cold, "cold": median, "after_page": after_page, "after_data": after_data,
            "serve_page": Timing(*serve["page"]), "serve_data": Timing(*serve["data"]),
            "pages": len(list((project / "docs").glob("*.md")))}


def _nav_block(text: str) -> tuple[int, int]:
    """Start and end offsets of the `nav:` list in mkdocs.yml's text."""
    m = re.search(r"^nav:\n((?:[ \t]+.*\n|\n)+?)(?=^\S)", text, re.M)
    if not m:
        raise BenchError("mkdocs.yml: no top-level `nav:` list found (the scaled copies need it)")
    return m.start(1), m.end(1)


def scale_project(project: Path, factor: int) -> dict:
    """Turn a copy of the project into one `factor` times larger, in place: every page gets
    factor-1 copies (listed in the nav under "Copy k"), and every checklist and resource gets
    factor-1 copies with new ids (item ids too). The checklists and resources pages show all the
    copies, as they show all the data; the copies of those two pages show the original data only,
    so the site grows in proportion to `factor`, not faster. Returns counts."""
    import yaml

    docs = project / "docs"
    pages = sorted(p for p in docs.glob("*.md"))
    data_path = project / "data" / "guide.yml"
    data = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    checklists, resources = list(data.get("checklists") or []), list(data.get("resources") or [])
    original_checklists = [c["id"] for c in checklists]
    for k in range(2, factor + 1):
        for res in resources:
            copy = dict(res, id=f"{res['id']}-x{k}")
            data["resources"].append(copy)
        for cl in checklists:
            items = [dict(item, id=f"{item['id']}-x{k}") for item in cl["items"]]
            data["checklists"].append(dict(cl, id=f"{cl['id']}-x{k}", title=f"{cl['title']} (copy {k})", items=items))
    data_path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")

    per_copy = "\n".join(f'{{{{ checklist("{cid}", heading=True) }}}}' for cid in original_checklists)
    nav_extra = []
    for k in range(2, factor + 1):
        nav_extra.append(f"  - Copy {k}:")
        for page in pages:
            text = page.read_text(encoding="utf-8")
            text = text.replace("{{ all_checklists() }}", per_copy)
            text = re.sub(r"\{\{\s*resources_table\([^)]*\)\s*\}\}", "", text)
            name = f"{page.stem}-x{k}.md"
            (docs / name).write_text(text, encoding="utf-8")
            nav_extra.append(f"    - {page.stem} {k}: {name}")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = _nav_block(text)
    block = text[start:end].rstrip("\n") + "\n" + "\n".join(nav_extra) + "\n\n"
    config.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return {"pages": len(pages) * factor, "checklists": len(data["checklists"]),
            "resources": len(data["resources"])}


def scaled_figures(work: Path, factors=(1, 10, 100)) -> list[dict]:
    """Build time of copies of the project scaled 1x, 10x, 100x (fresh process each)."""
    rows = []
    for factor in factors:
        project = sitetools.copy_project(work / f"scale-{factor}")
        counts = scale_project(project, factor) if factor > 1 else {
            "pages": len(list((project / "docs").glob("*.md")))}
        dest = work / f"scale-{factor}-site"
        timing = timed_build(project, dest)
        size = sum(p.stat().st_size for p in dest.rglob("*.html"))
        rows.append({"factor": factor, "time": timing, "html_mb": size / 1e6, **counts})
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
    return rows


# --------------------------------------------------------------------------- report

def is_noindex(site: Path, rel: str) -> bool:
    path = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
    return 'name="robots" content="noindex"' in path.read_text(encoding="utf-8")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fmt(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def page_table(pages: list[str], lh: dict, visits: dict, axe: dict, base: str, noindex=()) -> str:
    head = (f"{'Page':<20} {'Perf':>4} {'A11y':>4} {'BP':>4} {'SEO':>4} {'LCP s':>6} {'TBT ms':>6} "
            f"{'CLS':>6} {'KB':>6} {'Req':>4} {'Other':>5}  axe crit/ser/mod/min")
    lines = [head, "-" * len(head)]
    for rel in pages:
        r = lh.get(rel, {})
        v = visits[rel]
        by_impact = {i: set() for i in IMPACTS}
        for (p, _s, _w), violations in axe.items():
            if p == rel:
                for x in violations:
                    by_impact.setdefault(x["impact"] or "minor", set()).add(x["id"])
        lines.append(
            f"{'/' + rel + (' *' if rel in noindex else ''):<20} {_fmt(r.get('performance'), '.0f'):>4} "
            f"{_fmt(r.get('accessibility'), '.0f'):>4} "
            f"{_fmt(r.get('best-practices'), '.0f'):>4} {_fmt(r.get('seo'), '.0f'):>4} "
            f"{_fmt(r.get('lcp_ms') and r['lcp_ms'] / 1000, '.2f'):>6} {_fmt(r.get('tbt_ms'), '.0f'):>6} "
            f"{_fmt(r.get('cls'), '.3f'):>6} {v.bytes / 1024:6.1f} {len(v.requests):4d} "
            f"{len(v.other_hosts(base)):5d}  " + "/".join(str(len(by_impact[i])) for i in IMPACTS))
    return "\n".join(lines)


def page_notes(pages: list[str], lh: dict, axe: dict) -> str:
    notes = []
    for rel in pages:
        r = lh.get(rel)
        if r:
            notes.append(f"/{rel}: performance runs {r['performance_runs']}"
                         + (f"; audits not passed in some run: {', '.join(r['failing'])}" if r["failing"] else ""))
    found = {k: v for k, v in axe.items() if k[0] in pages and v}
    if found:
        notes.append("axe-core violations:\n" + describe_violations(found))
    return "\n".join(notes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/bench", description=(
        "Build the site, serve it on 127.0.0.1 with gzip under a sub-path, and measure every page "
        "(Lighthouse mobile, median of --runs; axe-core in both palettes at phone and desktop width; "
        "first-visit bytes and requests), then the build times, also with content scaled up."))
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median; default 3)")
    ap.add_argument("--pages", help="only these pages, comma-separated site paths such as ',coding/,404.html'")
    ap.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (no Node.js needed)")
    ap.add_argument("--no-builds", action="store_true", help="skip the build-time figures")
    ap.add_argument("--scale", default="10,100", help="scale factors of the growth figures (default 10,100; '' for none)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    if not args.no_lighthouse and not lighthouse_bin().exists():
        print("error: Lighthouse is missing: run `npm ci` in the project (scripts/bench does it)", file=sys.stderr)
        return 2
    try:
        factors = [int(f) for f in args.scale.split(",") if f.strip()]
    except ValueError:
        print(f"error: --scale {args.scale!r}: expected whole numbers separated by commas", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    results: dict = {"load_average_start": load_before}
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        work = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        site = work / "site"
        say(f"building the site for {base} ...")
        timed_build(ROOT, site, site_url=base)
        pages = site_pages(site)
        if args.pages is not None:
            wanted = [p.strip().lstrip("/") for p in args.pages.split(",")]
            unknown = [p for p in wanted if p not in pages]
            if unknown:
                print(f"error: --pages: no such page {unknown}; pages: {pages}", file=sys.stderr)
                return 2
            pages = wanted
        server = sitetools.serve(site, SUBPATH, port=port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[2:])
                say(f"first visits and axe-core on {len(pages)} pages ...")
                visits = {rel: first_visit(browser, base + rel) for rel in pages}
                axe = axe_matrix(browser, base, pages)
                browser.close()
            lh = {}
            if not args.no_lighthouse:
                for rel in pages:
                    say(f"lighthouse x{args.runs}: /{rel}")
                    lh[rel] = lighthouse_median(base + rel, args.runs, work)
        finally:
            server.stop()

        print(f"\nPages (Lighthouse {args.runs}-run median, mobile; bytes and requests of a first visit "
              f"until network idle, gzip; axe: distinct rules failed in light/dark x phone/desktop)\n")
        noindex = {rel for rel in pages if is_noindex(site, rel)}
        print(page_table(pages, lh, visits, axe, base, noindex))
        if noindex:
            print("* noindex (kept out of search engines on purpose): SEO is not a target there")
        notes = page_notes(pages, lh, axe)
        if notes:
            print("\n" + notes)
        results["pages"] = {rel: {"lighthouse": lh.get(rel), "bytes": visits[rel].bytes,
                                  "noindex": is_noindex(site, rel),
                                  "requests": len(visits[rel].requests),
                                  "other_hosts": visits[rel].other_hosts(base),
                                  "axe": {f"{s}/{w}": [x["id"] for x in axe[(p, s, w)]]
                                          for (p, s, w) in axe if p == rel}} for rel in pages}

        if not args.no_builds:
            say("build figures ...")
            figures = build_figures(work / "builds")
            print(f"\nBuilds ({figures['pages']} pages; fresh process unless noted)")
            print(f"  cold full strict build  {figures['cold']}   runs: "
                  + ", ".join(f"{t.wall:.2f}" for t in figures["cold_runs"]))
            print(f"  after editing one page  {figures['after_page']}   in process (mkdocs serve): {figures['serve_page']}")
            print(f"  after editing the data  {figures['after_data']}   in process (mkdocs serve): {figures['serve_data']}")
            results["builds"] = {k: (vars(v) if isinstance(v, Timing) else [vars(t) for t in v] if k == "cold_runs" else v)
                                 for k, v in figures.items()}
        if factors:
            say(f"scaled builds x{factors} ...")
            rows = scaled_figures(work / "scaled", [1] + [f for f in factors if f != 1])
            print("\nGrowth (pages, checklists and resources copied with new ids; fresh process)")
            print(f"  {'scale':>5} {'pages':>6} {'HTML MB':>8} {'wall s':>7} {'CPU s':>7} {'CPU ms/page':>11}  vs 1x")
            one = rows[0]
            for row in rows:
                per_page = row["time"].cpu / row["pages"] * 1000
                ratio = row["time"].cpu / one["time"].cpu
                print(f"  {row['factor']:>4}x {row['pages']:>6} {row['html_mb']:>8.1f} {row['time'].wall:>7.2f} "
                      f"{row['time'].cpu:>7.2f} {per_page:>11.1f}  {ratio:.1f}x the CPU for {row['factor']}x the content")
            results["scaled"] = [dict(r, time=vars(r["time"])) for r in rows]

    load_after = os.getloadavg()
    results["load_average_end"] = load_after
    print(f"\nMachine: {os.cpu_count()} cores; load average {load_before[0]:.1f} at the start, "
          f"{load_after[0]:.1f} at the end (wall-clock figures need an idle machine; CPU seconds barely move)")
    print(targets_summary(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


def targets_summary(results: dict) -> str:
    lines = ["\nTargets"]
    pages = results.get("pages", {})
    def mark(ok: bool) -> str:
        return "met   " if ok else "MISSED"
    if pages and any(p["lighthouse"] for p in pages.values()):
        # SEO does not apply to a page kept out of search engines on purpose (noindex: the 404
        # page); Lighthouse fails it on "is-crawlable" by design.
        low = {rel: {k: p["lighthouse"][k] for k in ("performance", "accessibility", "best-practices", "seo")
                     if p["lighthouse"][k] != 100 and not (k == "seo" and p["noindex"])}
               for rel, p in pages.items() if p["lighthouse"]}
        low = {k: v for k, v in low.items() if v}
        lines.append(f"  {mark(not low)} Lighthouse 100 in all four categories (SEO on indexable pages)"
                     + (f": below on {low}" if low else ""))
    axe_bad = {rel for rel, p in pages.items() if any(p["axe"].values())}
    lines.append(f"  {mark(not axe_bad)} no axe-core violation" + (f": on {sorted(axe_bad)}" if axe_bad else ""))
    other = {rel for rel, p in pages.items() if p["other_hosts"]}
    lines.append(f"  {mark(not other)} no request to another host" + (f": on {sorted(other)}" if other else ""))
    heavy = {f"/{rel}": f"{p['bytes'] / 1024:.1f} KB" for rel, p in pages.items() if p["bytes"] > BUDGET_BYTES}
    lines.append(f"  {mark(not heavy)} first visit <= {BUDGET_BYTES // 1024} KB" + (f": over on {heavy}" if heavy else ""))
    if "builds" in results:
        cold = results["builds"]["cold"]["wall"]
        lines.append(f"  {mark(cold < BUILD_BUDGET_S)} full strict build < {BUILD_BUDGET_S:.0f} s ({cold:.2f} s)")
    if "scaled" in results and len(results["scaled"]) > 1:
        rows = results["scaled"]
        worst = max(r["time"]["cpu"] / rows[0]["time"]["cpu"] / r["factor"] for r in rows[1:])
        lines.append(f"  {mark(worst <= 1.0)} build time grows no faster than content "
                     f"(CPU time / content factor, worst: {worst:.2f})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
