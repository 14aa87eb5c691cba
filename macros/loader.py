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

# Limits that keep a hostile or broken file from hanging the build or ending in a traceback.
# The real file is far below each of them (see data/README.md, "Limits").
MAX_BYTES = 4 * 1024 * 1024      # a larger file is refused before it is parsed
MAX_DEPTH = 40                   # nesting of mappings and lists (the guide needs about 8)
MAX_NODES = 400_000              # keys, values and list items in the whole file


class _NoAliasComposer(yaml.composer.Composer):
    """Refuse YAML anchors and aliases (`&a`, `*a`) while composing.

    The data file never needs them, and they are how a small file expands into a huge or endless
    structure (a "billion laughs" file, or an alias that contains itself)."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1,
                           "YAML aliases (*name) are not allowed in the data file; write the value out")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark.line + 1,
                           f"YAML anchors (&{anchor}) are not allowed in the data file; write the value out")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line + 1,
                               f"nesting is deeper than {MAX_DEPTH} levels; the data file is never that deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _SafeNoAliasLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                         _NoAliasComposer, yaml.resolver.Resolver):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        yaml.resolver.Resolver.__init__(self)


class _Refused(Exception):
    def __init__(self, line: int | None, message: str, path: tuple = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.path = format_path(path)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def convert(self, node: yaml.Node, path: tuple) -> Any:
        self.lines[path] = node.start_mark.line + 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(node.start_mark.line + 1,
                           f"the data file has more than {MAX_NODES:,} keys and values; that is not a guide")
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            raise _Refused(node.start_mark.line + 1, f"the tag {node.tag!r} is not allowed in the data file", path)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(self.file, key_node.start_mark.line + 1,
                                                 format_path(path), "a key must be a plain word"))
                    continue
                key = str(self.scalar(key_node, path))
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
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: tuple) -> Any:
        """A plain value; a tag the safe loader cannot build (`!!python/object`, `!custom`) or a
        value its tag refuses (`!!int abc`) is a problem of this file, not a crash."""
        try:
            return _scalar_constructor.construct_object(node)
        except yaml.YAMLError as exc:
            what = getattr(exc, "problem", None) or str(exc)
            raise _Refused(node.start_mark.line + 1, f"cannot read this value: {what}", path) from None
        except (ValueError, TypeError, OverflowError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            raise _Refused(node.start_mark.line + 1, f"cannot read this value as {tag}: {exc}", path) from None


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of the deepest part of `path` that exists in the file."""
    for end in range(len(path), -1, -1):
        if tuple(path[:end]) in lines:
            return lines[tuple(path[:end])]
    return None


def _decode(raw: bytes, name: str) -> str:
    """The file as text: UTF-8 only (with or without a byte-order mark), no NUL or control bytes."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GuideError([Problem(name, 1, "", "the file is UTF-16; save it as UTF-8")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise GuideError([Problem(name, line, "", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} "
                                  f"at offset {exc.start}); save it as UTF-8")]) from None
    return text


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML into plain Python plus a map from key path to line number."""
    name = display or str(path)
    if not path.is_file():
        raise GuideError([Problem(name, None, "", "data file not found")])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise GuideError([Problem(name, None, "", f"the file is {size:,} bytes, more than the "
                                      f"{MAX_BYTES:,} a data file may have")])
        raw = path.read_bytes()
    except OSError as exc:
        raise GuideError([Problem(name, None, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    text = _decode(raw, name)
    try:
        root = yaml.compose(text, Loader=_SafeNoAliasLoader)
    except _Refused as exc:
        raise GuideError([Problem(name, exc.line, "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise GuideError([Problem(name, line, "", f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        raise GuideError([Problem(name, line, "", f"the file contains a character YAML does not allow "
                                  f"(U+{exc.character:04X}); remove it")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other scanner errors carry no mark
        raise GuideError([Problem(name, None, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise GuideError([Problem(name, None, "", f"nesting is deeper than {MAX_DEPTH} levels")]) from None
    if root is None:
        raise GuideError([Problem(name, 1, "", "the data file is empty")])
    if not isinstance(root, yaml.MappingNode):
        raise GuideError([Problem(name, root.start_mark.line + 1, "",
                                  "the file must be a mapping of keys (levels:, round_types:, ...), "
                                  f"not a {'list' if isinstance(root, yaml.SequenceNode) else 'single value'}")])
    reader = _Reader(name)
    try:
        data = reader.convert(root, ())
    except _Refused as exc:
        raise GuideError([Problem(name, exc.line, exc.path, exc.message)]) from None
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
    if isinstance(err.get("input"), bool) and kind in {"int_type", "float_type", "string_type"}:
        return (f"expected {'a whole number' if kind == 'int_type' else 'a number' if kind == 'float_type' else 'text'}, "
                f"got {str(err['input']).lower()} (a yes/no value); write the value itself")
    if kind.startswith("value_error") and msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    value = err.get("input")
    if not isinstance(value, (dict, list)) and kind not in {"missing"}:
        shown = repr(value)
        msg += f" (got {shown if len(shown) <= 80 else shown[:77] + '...'})"
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
