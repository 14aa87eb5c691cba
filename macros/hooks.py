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
from macros.pagecheck import (case_file_problems, case_id_of, case_page_problems, check_page,  # noqa: E402
                             front_matter_problem)


@event_priority(50)  # before mkdocs-macros (priority 0) renders the page
def on_page_markdown(markdown, page, config, files):
    meta = page.meta or {}
    problem = front_matter_problem(page.file.content_string, page.file.src_uri)
    if problem:
        raise PluginError(problem)
    source = page.file.content_string
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    case_problems = case_page_problems(markdown, page.file.src_uri, line_offset=offset)
    if case_id_of(page.file.src_uri) and not meta.get("render_macros"):
        case_problems.append(f"docs/{page.file.src_uri}: a case page needs render_macros: true in its front matter")
    if case_problems:
        raise PluginError("\n".join(case_problems))
    if not meta.get("render_macros"):
        return markdown
    guide = macros.current_guide()
    problems = check_page(markdown, guide, page.file.src_uri, line_offset=offset)
    if problems:
        raise PluginError("\n".join(problems))
    return markdown


def on_files(files, config):
    """Every case in the data has its page under docs/cases/, and every page there has its case."""
    guide = macros.current_guide() or macros.load_for_build(Path(config.config_file_path).parent)
    problems = case_file_problems([c.id for c in guide.cases],
                                  [f.src_uri for f in files if f.src_uri.endswith(".md")])
    if problems:
        raise PluginError("\n".join(problems))
    return files


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
# The page exists only in a PRINT_SITE=true build (mkdocs.yml; scripts/pdf.py makes one for the PDF).

def on_post_build(config):
    from macros.minify import minify_assets
    minify_assets(Path(config.site_dir) / "assets")  # the guide's own JS and CSS (macros/minify.py)
    _mend_print_page(config)


def _mend_print_page(config):
    import re
    page = Path(config.site_dir) / "print-site-page" / "index.html"
    if not page.is_file():
        return
    html = page.read_text(encoding="utf-8")
    fixed = re.sub(r'href="#\.(-[^"]*)?"', lambda m: f'href="#index{m.group(1) or ""}"', html)
    fixed = unique_region_labels(fixed)
    if fixed != html:
        page.write_text(fixed, encoding="utf-8")


# The whole-guide page joins the chapters, so a table region that two chapters share (the levels
# table, say) would carry the same name twice (axe: landmark-unique). Name the chapter in each
# repeated label: "Levels (Interview process)", "Levels (Behavioral interviews)".
def unique_region_labels(html: str) -> str:
    import re
    from collections import Counter
    label = re.compile(r'(role="region" aria-label=")([^"]*)(")')
    counts = Counter(m.group(2) for m in label.finditer(html))
    if not any(n > 1 for n in counts.values()):
        return html
    parts = re.split(r'(?=<section class="print-page" id=")', html)
    out = []
    for part in parts:
        h1 = re.search(r'<h1[^>]*>([^<]*)', part) if part.startswith('<section class="print-page" id="') else None
        title = h1.group(1).strip() if h1 else ""
        if title:
            part = label.sub(lambda m: m.group(0) if counts[m.group(2)] < 2
                             else f"{m.group(1)}{m.group(2)} ({title}){m.group(3)}", part)
        out.append(part)
    return "".join(out)


# mkdocs-print-site-plugin adds js/print-site.js to every page, but only its whole-guide page uses
# it: drop it from extra_javascript here (hooks run after the plugins); overrides/main.html loads it
# on that page alone. With the plugin off (no PRINT_SITE=true) it adds nothing and this is a no-op.
PRINT_SITE_JS = "js/print-site.js"


def on_config(config):
    config["extra_javascript"] = [s for s in config["extra_javascript"] if str(s) != PRINT_SITE_JS]
    return config


# -- scripts after the first paint (issue 7): see macros/afterpaint.py --------------------------

from macros.afterpaint import AfterPaintError, load_after_paint  # noqa: E402


def _after_paint(html, where):
    try:
        return load_after_paint(html, where)
    except AfterPaintError as exc:
        raise PluginError(str(exc)) from None


def on_post_page(output, page, config):
    from macros.htmlfix import contain_tables, first_storage_note_only, focusable_scrollers
    output = focusable_scrollers(first_storage_note_only(contain_tables(output)))
    return _after_paint(output, f"{page.file.src_uri} (rendered with overrides/main.html)")


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    return _after_paint(output_content, "404.html (overrides/404.html)")
