"""MkDocs hooks: check each macro call in a page before mkdocs-macros renders it.

mkdocs-macros, on an unknown macro or a bad argument, prints a traceback. This hook runs first
(higher priority), walks the page's Jinja syntax tree, and stops the build with one message that
names the page, the line, the macro and what is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
from jinja2 import nodes
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import macros  # noqa: E402  (the same package mkdocs-macros imports)
from macros.pagecheck import check_page, front_matter_problem  # noqa: E402


@event_priority(50)  # before mkdocs-macros (priority 0) renders the page
def on_page_markdown(markdown, page, config, files):
    meta = page.meta or {}
    problem = front_matter_problem(page.file.content_string, page.file.src_uri)
    if problem:
        raise PluginError(problem)
    if not meta.get("render_macros"):
        return markdown
    guide = macros.current_guide()
    source = page.file.content_string
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    problems = check_page(markdown, guide, page.file.src_uri, line_offset=offset)
    if problems:
        raise PluginError("\n".join(problems))
    return markdown


# -- freshness: "Last updated" at the foot of each page, from git history (see macros/freshness.py) --

from macros import freshness  # noqa: E402

_history: dict = {}


def on_pre_build(config):
    _history["current"] = freshness.load_history(Path(config.config_file_path).parent)


def on_page_context(context, page, config, nav):
    history = _history.get("current")
    if history is None or not page.file.abs_src_path:
        return context
    data_file = None
    if (page.meta or {}).get("render_macros"):
        data_file = Path(config.config_file_path).parent / macros.DATA_FILE
    when = freshness.page_date(history, page.file.abs_src_path, data_file)
    if when is not None:
        page.meta["revision_date"] = freshness.updated_html(when)  # shown by Material's source-file partial
    return context


# -- mkdocs-print-site-plugin 2.9 writes a link to the home page from another page ("../" or
# "index.md") as href="#." on the whole-guide page, where the home section's id is "index".
# scripts/linkcheck.py reports it as a broken anchor; mend it after the plugin writes the page.

def on_post_build(config):
    import re
    page = Path(config.site_dir) / "print-site-page" / "index.html"
    if not page.is_file():
        return
    html = page.read_text(encoding="utf-8")
    fixed = re.sub(r'href="#\.(-[^"]*)?"', lambda m: f'href="#index{m.group(1) or ""}"', html)
    if fixed != html:
        page.write_text(fixed, encoding="utf-8")
