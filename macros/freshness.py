"""Freshness: when each page last changed, from git history.

`hooks.py` calls `load_history()` once per build and `updated_html()` for each page; Material shows
the result at the foot of the page ("Last updated 25 November 2026").

A page's date is the date of the last commit that changed its Markdown file; for a page that renders
data through the macros (`render_macros: true`), the later of that and the last commit that changed
`data/guide.yml`, since a corrected fact changes every page that shows it. The committer date is used
(when the change landed on the branch), shown as a calendar date in UTC.

Fallbacks, so a page never claims a date that may be wrong:
- no git, or not a git repository (an export or a tarball): no date on any page;
- a shallow clone (CI's default `fetch-depth: 1`): a file whose last change git reports at the shallow
  boundary may have changed earlier, so its date is unknown and the page shows none;
- a file git does not track yet (a new page): no date until it is committed.
Uncommitted edits to a tracked file do not change its date (it is the last commit's).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

LABEL = "Last updated"


@dataclass
class History:
    """Last commit (date, sha) per file, by absolute path."""

    toplevel: Path | None = None
    last_change: dict[Path, tuple[datetime, str]] = field(default_factory=dict)
    shallow: set[str] = field(default_factory=set)
    reason: str = ""  # why there is no history, when there is none

    @property
    def available(self) -> bool:
        return self.toplevel is not None

    def date(self, path: str | Path) -> datetime | None:
        """When `path` last changed, or None when history cannot tell."""
        found = self.last_change.get(Path(path).resolve())
        if found is None:
            return None
        when, sha = found
        return None if sha in self.shallow else when


def _git(cwd: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=str(cwd), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def parse_log(output: str, toplevel: Path) -> dict[Path, tuple[datetime, str]]:
    """Parse `git log --format=%x00%H %cI --name-only` (newest first): each file's latest commit."""
    last: dict[Path, tuple[datetime, str]] = {}
    for record in output.split("\x00"):
        lines = record.strip("\n").splitlines()
        if not lines or " " not in lines[0]:
            continue
        sha, iso = lines[0].split(" ", 1)
        when = datetime.fromisoformat(iso.strip())
        for name in lines[1:]:
            name = name.strip()
            if name:
                last.setdefault((toplevel / name).resolve(), (when, sha))
    return last


def load_history(project_dir: str | Path, paths: tuple[str, ...] = ("docs", "data")) -> History:
    """Read the history of `paths` under `project_dir` once (one `git log` for the whole build)."""
    project = Path(project_dir).resolve()
    top = _git(project, "rev-parse", "--show-toplevel")
    if top is None:
        return History(reason="not a git repository (or git is not installed)")
    toplevel = Path(top.strip()).resolve()
    output = _git(project, "-c", "core.quotepath=off", "log", "--no-renames", "--format=%x00%H %cI",
                  "--name-only", "--", *paths)
    if output is None:
        return History(reason="git log failed (a repository without commits?)")
    shallow: set[str] = set()
    shallow_file = _git(project, "rev-parse", "--git-path", "shallow")
    if shallow_file:
        path = Path(shallow_file.strip())
        path = path if path.is_absolute() else project / path
        if path.is_file():
            shallow = {ln.strip() for ln in path.read_text().splitlines() if ln.strip()}
    return History(toplevel, parse_log(output, toplevel), shallow)


def page_date(history: History, page_file: str | Path, data_file: str | Path | None = None) -> datetime | None:
    """The date a page last changed: its file's, or the later of its file's and the data file's."""
    own = history.date(page_file)
    if own is None:
        return None
    if data_file is None:
        return own
    data = history.date(data_file)
    return None if data is None else max(own, data)


def format_date(when: datetime) -> str:
    day = when.astimezone(timezone.utc)
    return f"{day.day} {day:%B %Y}"


def updated_html(when: datetime) -> str:
    """What Material's source-file partial shows at the foot of the page."""
    day = when.astimezone(timezone.utc)
    return f'{LABEL} <time datetime="{day:%Y-%m-%d}">{format_date(when)}</time>'
