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


# -- the casebook (issue 15): docs/cases/<case-id>.md, one page per entry of `cases` in the data ---

CASES_DIR = "cases/"
CASES_INDEX = "cases/index.md"

# Every case page has exactly these H2 headings, in this order (docs/cases/index.md explains them).
CASE_HEADINGS = (
    "The prompt",
    "Clarifying the requirements",
    "Framing",
    "The funnel",
    "Estimation",
    "Labels",
    "Features",
    "Model and loss",
    "Evaluation",
    "Serving",
    "Monitoring",
    "The deep dive and curveballs",
    "The board at the end",
    "What E4, E5 and E6 answers sound like",
    "Sources and further reading",
)


def case_id_of(src_uri: str) -> str | None:
    """'cases/search-ranking.md' -> 'search-ranking'; None for the index or any other page."""
    if not src_uri.startswith(CASES_DIR) or not src_uri.endswith(".md") or src_uri == CASES_INDEX:
        return None
    return src_uri[len(CASES_DIR):-3]


def case_file_problems(case_ids: list[str], src_uris: list[str]) -> list[str]:
    """A case in the data with no page, or a page under docs/cases/ with no case in the data."""
    pages = {case_id_of(u): u for u in src_uris if case_id_of(u) is not None}
    problems = []
    for cid in case_ids:
        if cid not in pages:
            problems.append(f"data/guide.yml: case '{cid}' has no page: create docs/{CASES_DIR}{cid}.md "
                            "(or remove the case from 'cases')")
    for cid, uri in pages.items():
        if cid not in case_ids:
            problems.append(f"docs/{uri}: this case page has no entry in 'cases' in data/guide.yml "
                            f"(add one with id: {cid}; see data/README.md)")
    return problems


def h2_headings(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of each '## ' heading outside fenced code blocks, attribute lists stripped."""
    import re
    out, fence = [], None
    for n, line in enumerate(markdown.splitlines(), 1):
        m = re.match(r"^\s*(`{3,}|~{3,})", line)
        if m:
            if fence is None:
                fence = m.group(1)[0] * len(m.group(1))
            elif m.group(1).startswith(fence):
                fence = None
            continue
        if fence is None and line.startswith("## "):
            out.append((n, re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip().rstrip("#").strip()))
    return out


def case_page_problems(markdown: str, src_uri: str, line_offset: int = 0) -> list[str]:
    """A case page has exactly CASE_HEADINGS as its H2s, in order, and shows its own funnel."""
    import re
    cid = case_id_of(src_uri)
    if cid is None:
        return []
    where = f"docs/{src_uri}"
    found = h2_headings(markdown)
    texts = [t for _, t in found]
    problems = []
    if texts != list(CASE_HEADINGS):
        for i, want in enumerate(CASE_HEADINGS):
            got = found[i] if i < len(found) else None
            if got is None or got[1] != want:
                line = f":{got[0] + line_offset}" if got else ""
                problems.append(
                    f"{where}{line}: H2 heading {i + 1} should be '## {want}' but is "
                    f"{repr('## ' + got[1]) if got else 'missing'}; a case page has exactly these H2 headings, "
                    f"in order: {'; '.join(CASE_HEADINGS)}")
                break
        else:
            extra = found[len(CASE_HEADINGS)]
            problems.append(f"{where}:{extra[0] + line_offset}: H2 heading '## {extra[1]}' comes after "
                            f"'## {CASE_HEADINGS[-1]}', the last a case page may have (use ### inside a section)")
    for macro, heading in (("funnel", "The funnel"), ("latency_budget", "Serving"),
                           ("case_sources", "Sources and further reading")):
        if not re.search(r"\{\{\s*" + macro + r"""\(\s*["']""" + re.escape(cid) + r"""["']\s*\)\s*\}\}""", markdown):
            problems.append(f"{where}: a case page shows its own {macro.replace('_', ' ')}: put "
                            f"{{{{ {macro}(\"{cid}\") }}}} under '## {heading}' "
                            "(and render_macros: true in its front matter)")
    return problems
