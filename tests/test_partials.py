"""Copies of Material's templates in overrides/ must stay Material's own file plus the intended change.

When the Material pin is bumped, a copy would otherwise hide Material's fixes to that file and no
test would notice (issue 17). Every file under overrides/ that has a namesake in Material's
templates is listed here with the exact replacements that turn Material's file into ours (the
leading `{#- ... -#}` comment, which says why, aside). A new copy without an entry fails, and so does
a copy that has drifted from the installed Material's original.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = Path(__import__("material").__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# path under overrides/ -> [(Material's text, ours)]; each must occur exactly once in Material's file.
INTENDED: dict[str, list[tuple[str, str]]] = {
    "partials/search.html": [
        ('data-md-component="search" role="dialog">',
         'data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
    ],
    "partials/progress.html": [
        ('role="progressbar"></div>',
         'role="progressbar" aria-label="Page loading" aria-hidden="true"></div>'),
    ],
    "partials/palette.html": [
        ('data-md-component="palette"', "data-g-palette"),
    ],
    "partials/javascripts/palette.html": [
        (re.compile(r"<script>var palette=__md_get\(\"__palette\"\).*?</script>", re.S),
         '<script>{% include "assets/palette.js" %}</script>'),
    ],
}


def _strip_comment(text: str) -> str:
    return re.sub(r"^\{#-.*?-#\}\n", "", text, count=1, flags=re.S)


def _copies() -> list[str]:
    return sorted(str(p.relative_to(OVERRIDES)) for p in OVERRIDES.rglob("*.html")
                  if (MATERIAL / p.relative_to(OVERRIDES)).is_file()
                  and p.relative_to(OVERRIDES).parts[0] == "partials")


def test_every_copied_partial_is_listed():
    assert _copies(), "expected copies of Material partials under overrides/partials/"
    assert _copies() == sorted(INTENDED), (
        "a file under overrides/partials/ shadows Material's template of the same name; list its "
        "intended change in INTENDED (or remove the copy)")


@pytest.mark.parametrize("rel", sorted(INTENDED))
def test_copy_is_materials_original_plus_the_intended_change(rel):
    theirs = _strip_comment((MATERIAL / rel).read_text(encoding="utf-8"))
    ours = _strip_comment((OVERRIDES / rel).read_text(encoding="utf-8"))
    expected = theirs
    for old, new in INTENDED[rel]:
        if isinstance(old, re.Pattern):
            assert len(old.findall(theirs)) == 1, f"Material's {rel} changed around {old.pattern!r}"
            expected = old.sub(lambda _m, new=new: new, expected)
        else:
            assert theirs.count(old) == 1, f"Material's {rel} no longer has {old!r} exactly once"
            expected = expected.replace(old, new)
    assert ours == expected, (
        f"overrides/{rel} is not Material's {rel} plus its intended change: Material's file changed "
        f"(copy it again and re-apply the change) or the copy was edited beyond it")


def test_the_check_catches_drift(tmp_path):
    """The comparison above fails for a copy that differs by one more character."""
    rel = "partials/progress.html"
    theirs = _strip_comment((MATERIAL / rel).read_text(encoding="utf-8"))
    ours = _strip_comment((OVERRIDES / rel).read_text(encoding="utf-8"))
    old, new = INTENDED[rel][0]
    assert ours == theirs.replace(old, new)
    assert ours + " " != theirs.replace(old, new)
    assert ours != (theirs + "<!-- a later Material fix -->").replace(old, new)
