"""Check a built site's links without the network.

    python scripts/linkcheck.py SITE_DIR [--base /mle-interview-guide/] [--site-url URL] [--report FILE]

What it checks, on every HTML page of the built site (and sitemap.xml):
- every internal link and asset (href, src, srcset, Material's search worker) points at a file that
  exists when the site is served under its base path (`/REPO/` for a GitHub project site), and every
  `#anchor` points at an id on the target page;
- 404.html, which GitHub Pages serves at any missing address, links only with absolute paths, so its
  styles and links still work three folders deep;
- external links are `https:` and well formed (host, port, escapes). There is no network here, so they
  are not fetched: they are listed, with the pages that use them, in one report;
- the page content (inside <article>, on every page made from docs/) holds no raw <script>, <iframe>, <object> or <embed>, no inline
  event handler (onclick=...) and no `javascript:` link. The theme's own scripts, outside the
  content, are fine.

`crawl()` does the same over HTTP against a running server (used on the published gh-pages branch).
Exit status: 0 when there is no problem, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

FAKE_ORIGIN = "https://site.invalid"
# (tag, attribute) pairs whose value is a URL the browser fetches or navigates to.
URL_ATTRS = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("iframe", "src"), ("source", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("form", "action"), ("input", "src"),
}
SRCSET_TAGS = {"img", "source"}
META_URL_PROPERTIES = {"og:url", "og:image", "twitter:image"}
FORBIDDEN_IN_CONTENT = {"script", "iframe", "object", "embed", "frame", "frameset", "applet"}
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.I)
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[a-z0-9.-]+\.[a-z]{2,}$", re.I)
BAD_URL_CHARS = re.compile(r"[\s<>\"{}|\\^`]")
BAD_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")


# -- results ------------------------------------------------------------------------------------

@dataclass
class Problem:
    page: str          # the page as a path in the site, e.g. "coding/index.html"
    line: int | None   # line in the built HTML
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}" if self.line else f"{self.page}: {self.message}"


@dataclass
class ExternalLink:
    url: str
    pages: list[str] = field(default_factory=list)
    problem: str | None = None


@dataclass
class Report:
    pages: int = 0
    internal_links: int = 0
    problems: list[Problem] = field(default_factory=list)
    external: dict[str, ExternalLink] = field(default_factory=dict)

    @property
    def external_problems(self) -> list[ExternalLink]:
        return [e for e in self.external.values() if e.problem]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.external_problems

    def summary(self) -> str:
        bad_ext = len(self.external_problems)
        return (f"{self.pages} pages, {self.internal_links} internal links and assets, "
                f"{len(self.external)} distinct external links: "
                f"{len(self.problems)} problem(s) inside the site, {bad_ext} malformed external link(s)")

    def text(self, external: bool = True) -> str:
        """The whole report: problems first, then (with `external`) every external link with the
        pages that use it."""
        out = [f"Link check: {self.summary()}"]
        if self.problems:
            out.append("")
            out.append("Problems inside the site:")
            out.extend(f"  {p}" for p in self.problems)
        if self.external_problems:
            out.append("")
            out.append("Malformed external links:")
            for e in self.external_problems:
                out.append(f"  {e.url}: {e.problem} (on {', '.join(e.pages)})")
        if not external:
            return "\n".join(out) + "\n"
        out.append("")
        out.append("External links (not fetched: there is no network here; check them by hand or in a "
                   "browser now and then):")
        for url in sorted(self.external):
            e = self.external[url]
            out.append(f"  {url}  [{len(e.pages)} page(s): {', '.join(e.pages[:3])}"
                       f"{', ...' if len(e.pages) > 3 else ''}]")
        return "\n".join(out) + "\n"

    def as_json(self) -> dict:
        return {"summary": self.summary(), "ok": self.ok,
                "problems": [str(p) for p in self.problems],
                "external": [{"url": e.url, "pages": e.pages, "problem": e.problem}
                             for e in sorted(self.external.values(), key=lambda e: e.url)]}


# -- parsing ------------------------------------------------------------------------------------

@dataclass
class Link:
    url: str
    line: int
    tag: str
    attr: str


class PageParser(HTMLParser):
    """Collect ids, URLs and what the content holds that it should not."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []
        self.content_problems: list[tuple[int, str]] = []
        self.article_depth = 0
        self.in_config = False
        self.config_text: list[str] = []
        self.base_href: str | None = None  # a <base href> element changes what relative links mean

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = {k: (v or "") for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "article":
            self.article_depth += 1
        if tag == "base" and self.base_href is None and "href" in a:
            self.base_href = a["href"].strip()
        for (t, attr) in URL_ATTRS:
            if t == tag and attr in a:
                self.links.append(Link(a[attr].strip(), line, tag, attr))
        if tag in SRCSET_TAGS and a.get("srcset"):
            for candidate in a["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.links.append(Link(url, line, tag, "srcset"))
        if tag == "meta" and a.get("property", a.get("name")) in META_URL_PROPERTIES and a.get("content"):
            self.links.append(Link(a["content"].strip(), line, tag, "content"))
        if tag == "script" and a.get("id") == "__config":
            self.in_config = True
        if self.article_depth:
            self._check_content(tag, a, line)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self.article_depth -= 1

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "script":
            self.in_config = False

    def handle_data(self, data):
        if self.in_config:
            self.config_text.append(data)

    def _check_content(self, tag: str, a: dict, line: int):
        snippet = (self.get_starttag_text() or f"<{tag}>")[:80]
        if tag in FORBIDDEN_IN_CONTENT:
            self.content_problems.append((line, f"raw <{tag}> in the page content: {snippet}"))
        for name, value in a.items():
            if name.startswith("on"):
                self.content_problems.append((line, f"inline event handler {name}= in the page content: {snippet}"))
            if name in ("href", "src", "action", "formaction", "data") and \
                    value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.content_problems.append((line, f"{value.split(':')[0]}: link in the page content: {snippet}"))

    def material_search_worker(self) -> str | None:
        """Material's search worker path, from its __config JSON (fetched by the page's script)."""
        if not self.config_text:
            return None
        try:
            return json.loads("".join(self.config_text)).get("search")
        except ValueError:
            return None


def parse_html(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    parser.close()
    return parser


# -- external links -----------------------------------------------------------------------------

def external_problem(url: str) -> str | None:
    """Why an external URL is not a well-formed https: address, or None when it is."""
    if BAD_URL_CHARS.search(url):
        return "contains a space or a character that must be escaped"
    if BAD_ESCAPE.search(url):
        return "has a '%' that is not a valid escape"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return "has an invalid port" if "port" in str(exc).lower() else f"is not a valid URL ({exc})"
    if parts.scheme == "http":
        return "uses http:, use https:"
    if parts.scheme != "https":
        return f"uses {parts.scheme}:, use https:"
    host = parts.hostname or ""
    if not host:
        return "has no host"
    if port is not None and not 0 < port < 65536:
        return "has an invalid port"
    try:
        ipaddress.ip_address(host)
        return "points at an IP address, not a host name"
    except ValueError:
        pass
    if host in ("localhost",) or host.endswith((".local", ".invalid", ".test", ".example", ".localhost")):
        return f"points at a host that does not exist on the internet ('{host}')"
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(HOST_LABEL.match(lb) for lb in labels) or labels[-1].isdigit():
        return f"has an invalid host name '{host}'"
    return None


# -- the static check ---------------------------------------------------------------------------

def _norm_base(base: str) -> str:
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    return base


def page_url_path(rel: str, base: str) -> str:
    """The URL path a file of the site is served at, e.g. coding/index.html -> /base/coding/."""
    if rel == "index.html":
        return base
    if rel.endswith("/index.html"):
        return base + rel[: -len("index.html")]
    return base + rel


def _target_file(site: Path, rel: str) -> Path | None:
    """The file served for a path inside the site (folders serve their index.html)."""
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    elif target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_site(site_dir: str | Path, base: str = "/", site_url: str | None = None,
               allow_missing: tuple[str, ...] = ()) -> Report:
    """Check every page of the built site at `site_dir` as if served under the path `base`.
    `site_url` (the configured one) makes absolute links to the site count as internal.
    `allow_missing`: glob patterns of files that may be missing (made later, e.g. PDFs)."""
    site = Path(site_dir).resolve()
    base = _norm_base(base)
    report = Report()
    if not site.is_dir():
        report.problems.append(Problem(str(site_dir), None, "the built site folder does not exist"))
        return report
    parsed: dict[str, PageParser] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        try:
            parsed[rel] = parse_html(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            report.problems.append(Problem(rel, None, f"is not valid UTF-8 ({exc.reason})"))
    report.pages = len(parsed)
    site_prefix = None
    if site_url:
        parts = urlsplit(site_url)
        site_prefix = f"{parts.scheme}://{parts.netloc}"

    def check_internal(rel_page: str, line: int | None, url_path: str, fragment: str, shown: str):
        report.internal_links += 1
        where = (rel_page, line)
        if not url_path.startswith(base):
            report.problems.append(Problem(*where, f"link {shown} leaves the site's base path {base} "
                                                   f"(it breaks when the site is served under {base})"))
            return
        rel = unquote(url_path[len(base):])
        target = _target_file(site, rel)
        if target is None:
            if any(Path(rel).match(g) for g in allow_missing):
                return
            report.problems.append(Problem(*where, f"broken link {shown}: nothing at {url_path}"))
            return
        if fragment:
            target_rel = target.relative_to(site).as_posix()
            ids = parsed[target_rel].ids if target_rel in parsed else None
            if ids is not None and unquote(fragment) not in ids:
                report.problems.append(Problem(*where, f"broken anchor {shown}: no id '{unquote(fragment)}' "
                                                       f"on {url_path}"))

    for rel, page in parsed.items():
        here = FAKE_ORIGIN + page_url_path(rel, base)
        fixed_base = False
        if page.base_href:
            here = urljoin(here, page.base_href)
            fixed_base = page.base_href.startswith("/") or "://" in page.base_href
        if rel != "404.html":  # 404.html is the theme's template (overrides/404.html), not content
            for line, message in page.content_problems:
                report.problems.append(Problem(rel, line, message))
        links = list(page.links)
        worker = page.material_search_worker()
        if worker:
            links.append(Link(worker, 0, "script", "search worker"))
        for link in links:
            url = link.url
            if not url or url.startswith("#") and len(url) == 1:
                continue
            scheme = urlsplit(url).scheme.lower() if ":" in url.split("/")[0] else ""
            if scheme in ("mailto",):
                address = unquote(url[len("mailto:"):].split("?")[0])
                if not EMAIL.match(address):
                    report.problems.append(Problem(rel, link.line, f"malformed e-mail link {url}"))
                continue
            if scheme in ("tel", "javascript", "vbscript"):
                continue  # javascript: inside the content is reported above
            if scheme == "data":
                if link.tag == "a":
                    report.problems.append(Problem(rel, link.line, f"data: link {url[:40]}..."))
                continue
            if scheme and scheme not in ("http", "https"):
                ext = report.external.setdefault(url, ExternalLink(url))
                ext.problem = f"uses {scheme}:, use https:"
                if rel not in ext.pages:
                    ext.pages.append(rel)
                continue
            absolute = urljoin(here, url)
            parts = urlsplit(absolute)
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin == FAKE_ORIGIN:
                if rel == "404.html" and not fixed_base and not url.startswith(("/", "#")) and not scheme:
                    report.problems.append(Problem(rel, link.line, f"relative link {url} in 404.html: GitHub "
                                                   "Pages serves this page at any missing address, so "
                                                   "only absolute paths (or a <base href>) work there"))
                check_internal(rel, link.line or None, parts.path, parts.fragment, url)
            elif site_prefix and origin == site_prefix and parts.path.startswith(base):
                check_internal(rel, link.line or None, parts.path, parts.fragment, url)
            else:
                ext = report.external.setdefault(url, ExternalLink(url, problem=external_problem(url)))
                if rel not in ext.pages:
                    ext.pages.append(rel)
    _check_sitemap(site, base, site_url, report)
    return report


def _check_sitemap(site: Path, base: str, site_url: str | None, report: Report) -> None:
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text):
        parts = urlsplit(loc)
        if site_url and not loc.startswith(site_url.rstrip("/") + "/") and loc != site_url:
            report.problems.append(Problem("sitemap.xml", None, f"{loc} is not under site_url {site_url}"))
            continue
        if not parts.path.startswith(base):
            report.problems.append(Problem("sitemap.xml", None, f"{loc} is outside the base path {base}"))
            continue
        report.internal_links += 1
        if _target_file(site, unquote(parts.path[len(base):])) is None:
            report.problems.append(Problem("sitemap.xml", None, f"{loc} points at a page that does not exist"))


# -- over HTTP ----------------------------------------------------------------------------------

@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    fetched: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _fetch(url: str, timeout: float = 10) -> tuple[int, str, bytes, str]:
    """GET url: (status, content type, body, final url). Follows redirects; 4xx/5xx are returned."""
    req = urllib.request.Request(url, headers={"User-Agent": "linkcheck"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read(), resp.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(), url


def crawl(start_url: str, *, max_pages: int = 1000) -> CrawlResult:
    """Visit every HTML page reachable from `start_url` on the same origin and under its path; fetch
    every same-origin href/src/srcset (and Material's search worker) they use; check anchors."""
    result = CrawlResult()
    start = urlsplit(start_url)
    origin = f"{start.scheme}://{start.netloc}"
    scope = start.path if start.path.endswith("/") else start.path.rsplit("/", 1)[0] + "/"
    ids: dict[str, set[str]] = {}
    queue = deque([start_url.split("#")[0]])
    seen_pages = {queue[0]}
    anchors: list[tuple[str, str, str]] = []

    def get(url: str) -> tuple[int, str, bytes]:
        status, ctype, body, _final = _fetch(url)
        result.fetched[url] = status
        return status, ctype, body

    while queue and len(result.pages) < max_pages:
        page_url = queue.popleft()
        status, ctype, body = get(page_url)
        if status != 200:
            result.problems.append(f"{page_url}: HTTP {status}")
            continue
        if "html" not in ctype:
            continue
        result.pages.append(page_url)
        page = parse_html(body.decode("utf-8", "replace"))
        ids[page_url] = page.ids
        resolve_from = urljoin(page_url, page.base_href) if page.base_href else page_url
        links = [lk.url for lk in page.links]
        worker = page.material_search_worker()
        if worker:
            links.append(worker)
        for url in links:
            if not url or urlsplit(url).scheme.lower() in ("mailto", "tel", "javascript", "data"):
                continue
            absolute = urljoin(resolve_from, url)
            parts = urlsplit(absolute)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue
            target = absolute.split("#")[0]
            if parts.fragment:
                anchors.append((page_url, target, unquote(parts.fragment)))
            if target in result.fetched or target in seen_pages:
                continue
            if parts.path.startswith(scope) and (parts.path.endswith("/") or parts.path.endswith(".html")):
                seen_pages.add(target)
                queue.append(target)
                continue
            status, _, _ = get(target)
            if status != 200:
                result.problems.append(f"{page_url}: {url} -> HTTP {status}")
    for page_url, target, fragment in anchors:
        if target in ids and fragment not in ids[target]:
            result.problems.append(f"{page_url}: broken anchor #{fragment} on {target}")
    return result


def check_missing_page(base_url: str) -> list[str]:
    """Ask for an address that does not exist, deep below the base: expect HTTP 404 with the site's
    404 page, and every same-origin asset and link of that page loading from there."""
    url = base_url.rstrip("/") + "/no/such/page/here/"
    status, ctype, body, _ = _fetch(url)
    problems = []
    if status != 404:
        problems.append(f"{url}: expected HTTP 404, got {status}")
    if "html" not in ctype:
        return problems + [f"{url}: the answer is not an HTML page (is there a 404.html?)"]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    page = parse_html(body.decode("utf-8", "replace"))
    resolve_from = urljoin(url, page.base_href) if page.base_href else url
    styles = 0
    for link in page.links:
        absolute = urljoin(resolve_from, link.url).split("#")[0]
        if not absolute.startswith(origin + "/") or urlsplit(link.url).scheme in ("mailto", "data"):
            continue
        styles += link.tag == "link" and absolute.endswith(".css")
        got = _fetch(absolute)[0]
        if got != 200:
            problems.append(f"404 page at {url}: {link.url} -> HTTP {got}")
    if not styles:
        problems.append(f"{url}: the 404 answer loads no stylesheet of the site (is it the site's 404.html?)")
    return problems


# -- command line -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/linkcheck.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="the built site folder")
    parser.add_argument("--base", help="the path the site is served under (default: from --site-url, else /)")
    parser.add_argument("--site-url", help="the site's configured site_url")
    parser.add_argument("--report", help="also write the whole report to this file (.json for JSON)")
    parser.add_argument("--allow-missing", action="append", default=[], metavar="GLOB",
                        help="files that may be missing (made later), e.g. '*.pdf'")
    args = parser.parse_args(argv)
    if not Path(args.site).is_dir():
        print(f"error: {args.site}: no such folder (build the site first)", file=sys.stderr)
        return 2
    base = args.base or (urlsplit(args.site_url).path if args.site_url else "/")
    report = check_site(args.site, base, args.site_url, tuple(args.allow_missing))
    if args.report:
        out = Path(args.report)
        out.write_text(json.dumps(report.as_json(), indent=2) + "\n" if out.suffix == ".json" else report.text(),
                       encoding="utf-8")
    if report.ok:
        print(f"ok: {report.summary()}")
        if args.report:
            print(f"external links listed in {args.report}")
        return 0
    print(report.text(external=False), file=sys.stderr, end="")
    count = len(report.problems) + len(report.external_problems)
    print(f"error: the link check found {count} problem(s) in {args.site}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
