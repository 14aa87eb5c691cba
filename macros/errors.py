"""The one error type the guide's build raises for bad input, and its formatting."""

from __future__ import annotations

from dataclasses import dataclass


MAX_LISTED = 25  # a message lists this many problems and counts the rest


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what is wrong."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" at {self.path}" if self.path else ""
        return f"{where}{key}: {self.message}"


class GuideError(Exception):
    """Bad input (data file or page). Its message is meant for a contributor, not a traceback."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.describe())

    def describe(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"  ... and {len(self.problems) - MAX_LISTED} more (fix these first)")
        return "\n".join(lines)


def format_path(path: tuple) -> str:
    """('checklists', 2, 'items', 0, 'id') -> 'checklists[2].items[0].id'"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
