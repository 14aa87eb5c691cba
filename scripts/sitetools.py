"""Shared helpers for scripts/* and the tests: build the site, serve a built site under a sub-path.

Plain functions, no MkDocs import: the build runs `mkdocs` in a subprocess exactly as a
contributor would, so what the tests see is what `scripts/serve` and `scripts/publish` produce.
"""

from __future__ import annotations

import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides")
GZIP_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


BUILDERS = ("mkdocs", "properdocs")


def builder_name(name: str | None = None) -> str:
    """The builder to run: `name`, else $GUIDE_BUILDER, else mkdocs. ProperDocs is a drop-in fork of
    MkDocs 1.x that builds this site to the same output (tests/test_builders.py)."""
    chosen = name or os.environ.get("GUIDE_BUILDER") or "mkdocs"
    if chosen not in BUILDERS:
        raise SystemExit(f"GUIDE_BUILDER={chosen!r}: choose one of {', '.join(BUILDERS)}")
    return chosen


def mkdocs_bin(builder: str | None = None) -> str:
    name = builder_name(builder)
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else name


def build(dest: str | Path, *, project: str | Path = ROOT, site_url: str | None = None,
          extra_env: dict | None = None, timeout: int = 300,
          builder: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `dest` (or `properdocs build`, see `builder_name`).
    Returns the completed process (returncode, stdout, stderr as text); never raises on a failed build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    if site_url:
        env["SITE_URL"] = site_url
    env.update(extra_env or {})
    return subprocess.run(
        [mkdocs_bin(builder), "build", "--strict", "--clean", "-f", str(Path(project) / "mkdocs.yml"),
         "-d", str(Path(dest).resolve())],
        cwd=str(project), env=env, capture_output=True, text=True, timeout=timeout)


def build_messages(result: subprocess.CompletedProcess, n: int = 15) -> str:
    """What a failed `build` said, for an error message: its last `n` error and warning lines
    (MkDocs logs to stderr, then prints "Aborted"), else its last `n` lines."""
    lines = [ln for ln in ((result.stderr or "") + "\n" + (result.stdout or "")).splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith(("ERROR", "WARNING", "Error", "Aborted"))]
    return "\n".join((errors or lines)[-n:]) or "(no message)"


def copy_project(dest: str | Path) -> Path:
    """Copy what a build needs into `dest` (a scratch project tests may change freely)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@dataclass
class StaticServer:
    server: http.server.ThreadingHTTPServer
    thread: threading.Thread
    base_url: str

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(directory: str | Path, prefix: str = "/mle-interview-guide/", port: int = 0,
          use_gzip: bool = True, quiet: bool = True) -> StaticServer:
    """Serve `directory` at http://127.0.0.1:PORT{prefix} the way GitHub Pages serves a project
    site: index.html for folders, the site's 404.html with status 404, gzip for text files."""
    directory = Path(directory).resolve()
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D401
            if not quiet:
                super().log_message(*args)

        def _send(self, status: int, path: Path | None, head: bool = False):
            body = path.read_bytes() if path else b"Not found"
            ctype = _content_type(path) if path else "text/plain"
            zipped = (use_gzip and path is not None and path.suffix in GZIP_TYPES
                      and "gzip" in self.headers.get("Accept-Encoding", ""))
            if zipped:
                body = gzip.compress(body, 6)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _resolve(self) -> Path | None | str:
            path = unquote(urlsplit(self.path).path)
            if path + "/" == prefix:
                return "redirect"
            if not path.startswith(prefix):
                return None
            rel = path[len(prefix):]
            target = (directory / rel).resolve()
            if directory not in target.parents and target != directory:
                return None
            if target.is_dir():
                if not path.endswith("/"):
                    return "redirect"
                target = target / "index.html"
            return target if target.is_file() else None

        def do_GET(self, head: bool = False):
            found = self._resolve()
            if found == "redirect":
                self.send_response(301)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.end_headers()
                return
            if found is None:
                missing = directory / "404.html"
                self._send(404, missing if missing.is_file() else None, head)
                return
            self._send(200, found, head)

        def do_HEAD(self):
            self.do_GET(head=True)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return StaticServer(server, thread, f"http://127.0.0.1:{server.server_address[1]}{prefix}")


def _content_type(path: Path) -> str:
    return {
        ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
        ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
        ".png": "image/png", ".ico": "image/x-icon", ".pdf": "application/pdf",
        ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip", ".woff2": "font/woff2",
    }.get(path.suffix, "application/octet-stream")
