"""Minify the guide's own scripts and styles in a built site (issue 7). Plain functions.

The sources in overrides/assets/ keep their comments (the storage format, the reasons behind each
fix); readers download them without. rjsmin and rcssmin only drop comments and whitespace, so the
code that runs is the code in the repository. Material's own assets (assets/javascripts/,
assets/stylesheets/) are minified already and left alone.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin


def minify_assets(assets_dir: str | Path) -> dict[str, tuple[int, int]]:
    """Minify every .js and .css file directly in `assets_dir` in place. Returns
    {file name: (bytes before, bytes after)}."""
    sizes = {}
    for path in sorted(Path(assets_dir).glob("*")):
        if path.suffix not in (".js", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text) if path.suffix == ".js" else rcssmin.cssmin(text)
        path.write_text(small, encoding="utf-8")
        sizes[path.name] = (len(text.encode()), len(small.encode()))
    return sizes
