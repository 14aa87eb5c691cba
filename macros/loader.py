"""Read data/guide.yml keeping the line of every key, then validate it into the typed model.

`load_guide(path)` is the only entry point the build uses: it returns a `Guide` or raises
`GuideError` whose message names the file, the line, the key path and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import GuideError, Problem, format_path
from .model import Guide, cross_check

_scalar_constructor = yaml.constructor.SafeConstructor()


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, path: tuple) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(self.file, key_node.start_mark.line + 1,
                                                 format_path(path), "a key must be a plain word"))
                    continue
                key = str(_scalar_constructor.construct_object(key_node))
                if key in out:
                    self.problems.append(Problem(
                        self.file, key_node.start_mark.line + 1, format_path(path + (key,)),
                        f"key '{key}' appears twice in the same mapping (first at line "
                        f"{self.lines[path + (key,)]})"))
                    continue
                out[key] = self.convert(value_node, path + (key,))
                # keep the key's own line: a value that is a mapping starts on the next line
                self.lines[path + (key,)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return _scalar_constructor.construct_object(node)


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of the deepest part of `path` that exists in the file."""
    for end in range(len(path), -1, -1):
        if tuple(path[:end]) in lines:
            return lines[tuple(path[:end])]
    return None


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML into plain Python plus a map from key path to line number."""
    name = display or str(path)
    if not path.is_file():
        raise GuideError([Problem(name, None, "", "data file not found")])
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise GuideError([Problem(name, line, "", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other scanner errors carry no mark
        raise GuideError([Problem(name, None, "", f"YAML error: {exc}")]) from None
    if root is None:
        raise GuideError([Problem(name, 1, "", "the data file is empty")])
    reader = _Reader(name)
    data = reader.convert(root, ())
    if reader.problems:
        raise GuideError(reader.problems)
    return data, reader.lines


def _pydantic_message(err: dict) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown key '{err['loc'][-1]}' (check its spelling; see data/README.md)"
    if kind == "missing":
        return f"required key '{err['loc'][-1]}' is missing"
    msg = err["msg"]
    if kind.startswith("value_error") and msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    value = err.get("input")
    if not isinstance(value, (dict, list)) and kind not in {"missing"}:
        msg += f" (got {value!r})"
    return msg


def _loc_path(loc: tuple) -> tuple:
    # pydantic adds the tag of a union member to loc; drop anything that is not a key or index
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith("function-"))


def validate(data: Any, lines: dict[tuple, int], name: str) -> Guide:
    try:
        guide = Guide.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _loc_path(err["loc"])
            problems.append(Problem(name, line_of(lines, loc), format_path(loc),
                                    _pydantic_message(err)))
        raise GuideError(problems) from None
    issues = cross_check(guide)
    if issues:
        raise GuideError([Problem(name, line_of(lines, p), format_path(p), m) for p, m in issues])
    return guide


def load_guide(path: str | Path, display: str | None = None) -> Guide:
    path = Path(path)
    data, lines = read_yaml(path, display)
    return validate(data, lines, display or str(path))
