"""Check the macro calls in a page's Markdown against the registered macros and the data."""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from . import MACROS, bound_macros

# Names a page may use that are not macros (mkdocs-macros' own variables).
KNOWN_VARIABLES = {"page", "config", "nav", "files", "macros_info", "now", "fix_url", "environment",
                   "plugin", "git", "extra", "navigation", "loop", "range", "true", "false", "none"}


def front_matter_problem(source: str, page_name: str) -> str | None:
    """MkDocs silently treats invalid front matter as page text (so `render_macros` and the
    description are lost). Return a message naming the page and line, or None when it is fine."""
    import re

    import yaml

    m = re.match(r"^-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", source, re.S)
    if not m:
        return None
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        return f"docs/{page_name}:{line}: front matter is not valid YAML: {exc.problem} " \
               f"(quote a value that contains ': ')"
    if data is not None and not isinstance(data, dict):
        return f"docs/{page_name}:2: front matter must be a mapping of keys to values"
    return None


def check_page(markdown: str, guide, page_name: str, line_offset: int = 0) -> list[str]:
    """Return one message per problem: 'docs/x.md:12: unknown macro 'foo' ...'."""
    where = lambda lineno: f"docs/{page_name}:{lineno + line_offset}"  # noqa: E731
    try:
        tree = jinja2.Environment().parse(markdown)
    except jinja2.TemplateSyntaxError as exc:
        return [f"{where(exc.lineno)}: macro syntax error: {exc.message}"]
    problems: list[str] = []
    bound = bound_macros(guide) if guide is not None else {}
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    called = set()
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        name = call.node.name
        called.add(id(call.node))
        if name not in MACROS:
            if name in KNOWN_VARIABLES or name in assigned:
                continue
            problems.append(f"{where(call.lineno)}: unknown macro '{name}' "
                            f"(known macros: {', '.join(MACROS)})")
            continue
        if not all(isinstance(a, nodes.Const) for a in call.args) or \
                not all(isinstance(k.value, nodes.Const) for k in call.kwargs) or name not in bound:
            continue
        args = [a.value for a in call.args]
        kwargs = {k.key: k.value.value for k in call.kwargs}
        try:
            bound[name](*args, **kwargs)
        except KeyError as exc:
            problems.append(f"{where(call.lineno)}: in {name}({', '.join(map(repr, args))}): {exc.args[0]}")
        except TypeError as exc:
            problems.append(f"{where(call.lineno)}: wrong arguments to {name}: {exc}")
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and id(name) not in called and name.name not in KNOWN_VARIABLES \
                and name.name not in assigned and name.name not in MACROS:
            problems.append(f"{where(name.lineno)}: unknown name '{name.name}' in a macro expression")
    return problems
