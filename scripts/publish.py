"""Publish the guide to the gh-pages branch of a git remote, as one commit, after every check.

    scripts/publish                  # build, check, make the PDFs, push to gh-pages on origin
    scripts/publish --dry-run        # do all of it but the push: show what would be pushed
    scripts/publish --remote fork    # push to another remote
    scripts/publish --out _site      # build and check into _site, push nothing (the Pages workflow)

In order, stopping at the first failure with a clear message and nothing pushed:
 1. the git remote exists and can be reached, and the working tree has no uncommitted changes
    (what is published is always a commit you can point at);
 2. a strict build (`mkdocs build --strict`) into a temporary folder;
 3. the fast checks: the data file (`python -m macros.cli validate`) and the link check
    (scripts/linkcheck.py: internal links and anchors under the site's base path, external links
    https and well formed, no raw <script> or <iframe> in the content);
 4. the PDFs (scripts/pdf.py, headless Chromium), when that module is there: the checklists from the
    built site, the whole guide from a second build with the whole-guide page (PRINT_SITE=true; the
    published site does not have that page); then the link check again on the finished site, PDFs
    included;
 5. `.nojekyll`, and `CNAME` when a custom domain is configured (`extra.cname` in mkdocs.yml, or the
    PAGES_CNAME environment variable); 404.html and sitemap.xml must be there;
 6. one commit holding the whole site, on top of the remote's gh-pages (a new branch if it has none),
    pushed without force: if someone else published in between, the push is rejected, not overwritten.

The commit is made with git plumbing and a temporary index: no branch, index or file of your checkout
changes. A dry run fetches the remote's gh-pages to compare with it, and pushes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import linkcheck  # noqa: E402
import sitetools  # noqa: E402

DEFAULT_BRANCH = "gh-pages"
REQUIRED_FILES = ("index.html", "404.html", "sitemap.xml", ".nojekyll")
CNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class PublishError(Exception):
    """Publishing stopped; the message says why and what to do."""


def say(message: str) -> None:
    print(message, flush=True)


# -- git ----------------------------------------------------------------------------------------

@dataclass
class Git:
    cwd: Path
    env: dict | None = None

    def run(self, *args: str, check: bool = True, env: dict | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ, **(self.env or {}), **(env or {}))
        full_env.setdefault("GIT_TERMINAL_PROMPT", "0")
        try:
            proc = subprocess.run(["git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", *args],
                                  cwd=str(cwd or self.cwd), env=full_env, capture_output=True, text=True,
                                  timeout=600)
        except FileNotFoundError:
            raise PublishError("git is not installed (or not on PATH)") from None
        except subprocess.TimeoutExpired:
            raise PublishError(f"`git {' '.join(args[:2])}` took more than 10 minutes; gave up") from None
        if check and proc.returncode != 0:
            raise PublishError(f"`git {' '.join(args)}` failed: {_last_lines(proc.stderr)}")
        return proc

    def out(self, *args: str, **kw) -> str:
        return self.run(*args, **kw).stdout.strip()


def _last_lines(text: str, n: int = 6) -> str:
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return "\n".join(lines[-n:]) if lines else "(no message)"


def check_repository(git: Git) -> Path:
    proc = git.run("rev-parse", "--absolute-git-dir", check=False)
    if proc.returncode != 0:
        raise PublishError(f"{git.cwd} is not inside a git repository: publishing pushes a commit, "
                           "so the guide must be a git clone")
    return Path(proc.stdout.strip())


def remote_url(git: Git, remote: str) -> str:
    proc = git.run("remote", "get-url", "--push", remote, check=False)
    if proc.returncode != 0:
        remotes = git.out("remote").split()
        known = f"the remotes here are: {', '.join(remotes)}" if remotes else "this clone has no remote"
        raise PublishError(f"there is no git remote named '{remote}' ({known}). Choose one with "
                           f"--remote NAME, or add it: git remote add {remote} URL")
    return proc.stdout.strip()


def uncommitted_changes(git: Git) -> list[str]:
    status = git.out("status", "--porcelain", "--untracked-files=normal")
    return [ln for ln in status.splitlines() if ln.strip()]


def remote_tip(git: Git, remote: str, url: str, branch: str) -> str | None:
    """The commit the remote's branch points at, or None when it has no such branch."""
    proc = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
    if proc.returncode != 0:
        raise PublishError(f"cannot reach the remote '{remote}' ({url}):\n{_last_lines(proc.stderr)}\n"
                           "Check the address (git remote -v), your network and your access rights")
    for line in proc.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        if ref.strip() == f"refs/heads/{branch}":
            return sha.strip()
    return None


# -- configuration ------------------------------------------------------------------------------

@dataclass
class SiteConfig:
    site_url: str
    base: str
    cname: str | None


def read_config(project: Path) -> SiteConfig:
    """site_url (honouring $SITE_URL, as mkdocs.yml does) and the custom domain, if any."""
    from mkdocs.utils.yaml import yaml_load

    path = project / "mkdocs.yml"
    try:
        with open(path, encoding="utf-8") as fh:
            config = yaml_load(fh) or {}
    except OSError as exc:
        raise PublishError(f"cannot read {path}: {exc.strerror}") from None
    except Exception as exc:  # a YAML error: the build would say the same, with more detail
        raise PublishError(f"{path} is not valid YAML: {exc}") from None
    site_url = str(config.get("site_url") or "")
    if not site_url:
        raise PublishError("mkdocs.yml has no site_url: set it to the address the site is published at, "
                           "e.g. https://USER.github.io/REPO/")
    parts = urlsplit(site_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise PublishError(f"mkdocs.yml: site_url '{site_url}' is not a web address like "
                           "https://USER.github.io/REPO/")
    extra = config.get("extra") or {}
    cname = os.environ.get("PAGES_CNAME") or (extra.get("cname") if isinstance(extra, dict) else None)
    where = "PAGES_CNAME" if os.environ.get("PAGES_CNAME") else "mkdocs.yml: extra.cname"
    if cname:
        cname = str(cname).strip().lower()
        if not CNAME_RE.match(cname):
            raise PublishError(f"{where} is '{cname}', which is not a domain name (write it without "
                               "https:// or a path, e.g. guide.example.org)")
        if parts.hostname != cname:
            raise PublishError(f"{where} is '{cname}' but site_url is '{site_url}': links, the sitemap "
                               f"and the 404 page are made for site_url, so set site_url: https://{cname}/")
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    return SiteConfig(site_url, base, cname)


# -- the steps ----------------------------------------------------------------------------------

def build_site(project: Path, site: Path) -> float:
    start = time.perf_counter()
    # never the whole-guide page (it is only for the PDF), whatever PRINT_SITE the shell has
    result = sitetools.build(site, project=project, extra_env={"PRINT_SITE": "false"})
    if result.returncode != 0:
        raise PublishError("the strict build failed (mkdocs build --strict):\n" + sitetools.build_messages(result))
    return time.perf_counter() - start


def validate_data(project: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "macros.cli", "validate"], cwd=str(project),
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if proc.returncode != 0:
        raise PublishError("the data check failed (python -m macros.cli validate):\n"
                           + _last_lines(proc.stderr + proc.stdout))
    return proc.stdout.strip()


def link_check(site: Path, config: SiteConfig, allow_missing: tuple[str, ...] = ()) -> linkcheck.Report:
    report = linkcheck.check_site(site, config.base, config.site_url, allow_missing)
    if not report.ok:
        raise PublishError("the link check failed:\n" + report.text(external=False).rstrip())
    return report


def pdf_module():
    """scripts/pdf.py, when it is there."""
    path = HERE / "pdf.py"
    if not path.is_file():
        return None
    try:
        return importlib.import_module("pdf")  # scripts/ is on sys.path
    except Exception as exc:
        raise PublishError(f"scripts/pdf.py cannot be loaded: {type(exc).__name__}: {exc}") from None


def make_pdfs(site: Path, project: Path = ROOT) -> list[Path]:
    """Run the PDF step (scripts/pdf.py: the checklists from `site`, the whole guide from its own
    build of `project`); its failure stops the publish."""
    module = pdf_module()
    if module is None:
        return []
    try:
        return list(module.make_pdfs(site, project=project))
    except Exception as exc:  # PdfError and anything else: never publish without the PDFs
        raise PublishError(f"the PDF step failed (scripts/pdf.py): {exc}") from None


def pdf_outputs() -> tuple[str, ...]:
    """Files the PDF step makes, as globs relative to the site, for the check before it runs."""
    module = pdf_module()
    specs = getattr(module, "PDFS", ()) if module else ()
    outputs = tuple(str(getattr(s, "output", "")) for s in specs if getattr(s, "output", ""))
    return outputs or ("pdf/*.pdf",)


def finish_site(site: Path, config: SiteConfig) -> None:
    (site / ".nojekyll").write_text("", encoding="utf-8")
    existing = (site / "CNAME").read_text(encoding="utf-8").strip().lower() if (site / "CNAME").is_file() else None
    if config.cname:
        if existing and existing != config.cname:
            raise PublishError(f"docs/CNAME says '{existing}' but the configured domain is '{config.cname}': "
                               "keep one of them")
        (site / "CNAME").write_text(config.cname + "\n", encoding="utf-8")
    missing = [name for name in REQUIRED_FILES if not (site / name).is_file()]
    if missing:
        raise PublishError(f"the built site lacks {', '.join(missing)}")


def site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def make_commit(git: Git, git_dir: Path, site: Path, tmp: Path, parent: str | None, message: str) -> tuple[str, str]:
    """Commit the whole folder `site` with a temporary index: (commit, tree). Nothing else changes."""
    env = {"GIT_INDEX_FILE": str(tmp / "publish-index"), "GIT_DIR": str(git_dir), "GIT_WORK_TREE": str(site)}
    git.run("add", "--all", "--force", ".", env=env, cwd=site)
    tree = git.out("write-tree", env=env, cwd=site)
    args = ["commit-tree", tree, "-m", message]
    if parent:
        args[2:2] = ["-p", parent]
    proc = git.run(*args, check=False)
    if proc.returncode != 0:
        if "Please tell me who you are" in proc.stderr or "empty ident" in proc.stderr:
            raise PublishError("git does not know who you are, so it cannot make the commit: run\n"
                               "  git config user.name 'Your Name' && git config user.email you@example.org")
        raise PublishError(f"git could not make the commit: {_last_lines(proc.stderr)}")
    return proc.stdout.strip(), tree


def describe_changes(git: Git, parent: str | None, tree: str) -> list[str]:
    if not parent:
        return []
    out = git.out("diff-tree", "-r", "--name-status", "--no-renames", f"{parent}^{{tree}}", tree)
    lines = [ln for ln in out.splitlines() if ln.strip()]
    return sorted(lines, key=lambda ln: ("DMA".find(ln[0]) % 3, ln))  # removed, changed, then added


def source_description(git: Git) -> tuple[str, str]:
    sha = git.out("rev-parse", "HEAD")
    branch = git.out("rev-parse", "--abbrev-ref", "HEAD")
    subject = git.out("log", "-1", "--format=%s")
    return sha, f"Publish {sha[:10]} ({branch}): {subject}\n\nBuilt from {sha} by scripts/publish."


def push(git: Git, remote: str, url: str, commit: str, branch: str) -> None:
    proc = git.run("push", "--porcelain", remote, f"{commit}:refs/heads/{branch}", check=False)
    if proc.returncode != 0:
        detail = [ln for ln in (proc.stderr + "\n" + proc.stdout).splitlines()
                  if ln.strip() and not ln.startswith(("To ", "Done"))]
        hint = ""
        text = proc.stderr + proc.stdout
        if "non-fast-forward" in text or "fetch first" in text or "stale info" in text:
            hint = (f"\n{branch} on '{remote}' moved since this publish started (someone else published?): "
                    "run scripts/publish again")
        raise PublishError(f"the push to '{remote}' ({url}) was rejected:\n" + "\n".join(detail[-8:]) + hint)


# -- main ---------------------------------------------------------------------------------------

def publish(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve()
    git = Git(project)
    started = time.perf_counter()
    config = read_config(project)

    git_dir = url = tip = None
    if not args.out:
        git_dir = check_repository(git)
        current = git.out("rev-parse", "--abbrev-ref", "HEAD")
        if args.branch in ("main", "master", current):
            raise PublishError(f"--branch {args.branch} is a source branch; the built site goes to a "
                               f"branch of its own (the default, {DEFAULT_BRANCH})")
        url = remote_url(git, args.remote)
        dirty = uncommitted_changes(git)
        if dirty:
            shown = "\n".join(f"  {ln}" for ln in dirty[:15]) + ("\n  ..." if len(dirty) > 15 else "")
            raise PublishError("the working tree has uncommitted changes; commit or stash them first, so "
                               f"that what is published is a commit:\n{shown}")
        tip = remote_tip(git, args.remote, url, args.branch)
        say(f"Publishing to {args.branch} on '{args.remote}' ({url})"
            + (f", now at {tip[:10]}" if tip else ", which has no such branch yet")
            + (" [dry run]" if args.dry_run else ""))
    else:
        out = Path(args.out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise PublishError(f"--out {out}: the folder exists and is not empty; give a new or empty folder")
        say(f"Building and checking the site into {out} (nothing is pushed)")

    with tempfile.TemporaryDirectory(prefix="publish-") as tmpname:
        tmp = Path(tmpname)
        site = tmp / "site"
        seconds = build_site(project, site)
        say(f"  built strictly in {seconds:.1f} s (site_url {config.site_url})")
        say(f"  data: {validate_data(project)}")
        report = link_check(site, config, allow_missing=pdf_outputs())
        say(f"  links: {report.summary()}")
        pdfs = make_pdfs(site, project)
        if pdfs:
            say(f"  PDFs: {', '.join(str(Path(p).relative_to(site)) if Path(p).is_absolute() else str(p) for p in pdfs)}")
            report = link_check(site, config)
        elif pdf_module() is None:
            say("  PDFs: scripts/pdf.py is not there; no PDF made")
        finish_site(site, config)
        (tmp / "external-links.txt").write_text(report.text(), encoding="utf-8")
        files, size = site_size(site)

        if args.out:
            shutil.copytree(site, args.out, dirs_exist_ok=True)
            say(f"Done in {time.perf_counter() - started:.1f} s: {files} files, {size / 1e6:.1f} MB in {args.out}"
                + (f" (custom domain {config.cname})" if config.cname else ""))
            return 0

        if tip:
            fetch = git.run("fetch", "--no-tags", "--no-write-fetch-head", "--refmap=", args.remote,
                            f"refs/heads/{args.branch}", check=False)
            if fetch.returncode != 0:
                raise PublishError(f"cannot fetch {args.branch} from '{args.remote}': {_last_lines(fetch.stderr)}")
        source_sha, message = source_description(git)
        commit, tree = make_commit(git, git_dir, site, tmp, tip, message)
        if tip and git.out("rev-parse", f"{tip}^{{tree}}") == tree:
            say(f"{args.branch} on '{args.remote}' already holds exactly this site; nothing to push.")
            return 0
        changes = describe_changes(git, tip, tree)
        counts = {k: sum(1 for c in changes if c.startswith(k)) for k in "AMD"}
        say(f"  one commit {commit[:10]}: \"{message.splitlines()[0]}\"")
        say(f"  {files} files, {size / 1e6:.1f} MB" + (f", custom domain {config.cname}" if config.cname else "")
            + (f"; against {tip[:10]}: {counts['A']} added, {counts['M']} changed, {counts['D']} removed"
               if tip else "; a new branch"))
        for line in changes[:20]:
            say(f"    {line}")
        if len(changes) > 20:
            say(f"    ... and {len(changes) - 20} more")
        if args.dry_run:
            say(f"Dry run: nothing was pushed; {args.branch} on '{args.remote}' is unchanged.")
            return 0
        push(git, args.remote, url, commit, args.branch)
        now = remote_tip(git, args.remote, url, args.branch)
        if now != commit:
            raise PublishError(f"the push seemed to work but {args.branch} on '{args.remote}' is at "
                               f"{(now or 'nothing')[:10]}, not {commit[:10]}")
        say(f"Published {source_sha[:10]} to {args.branch} on '{args.remote}' in "
            f"{time.perf_counter() - started:.1f} s: {config.site_url}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/publish", description=__doc__.split("\n\n")[0],
                                     epilog="Custom domain: set `cname: guide.example.org` under `extra:` in "
                                            "mkdocs.yml (or PAGES_CNAME), and site_url to https://guide.example.org/.")
    parser.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help="branch to publish to (default: gh-pages)")
    parser.add_argument("--dry-run", action="store_true", help="do everything but the push; show what would be pushed")
    parser.add_argument("--out", metavar="DIR", help="build and check into DIR (new or empty) and push nothing")
    parser.add_argument("--project", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return publish(args)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was pushed." if not args.out else "Nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; nothing was pushed.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
