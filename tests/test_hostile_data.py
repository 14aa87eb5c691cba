"""A contributor's data file is untrusted input: every family of malformed or hostile file ends in
one clear message naming data/guide.yml, a line and (where there is one) a key path, with no
traceback and no hang, in `python -m macros.cli validate` and in `mkdocs build`.

Each case runs the real command in a subprocess with a generous timeout: a file that expands or
recurses forever fails the test by timing out instead of hanging the suite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitetools
from tests.test_build import assert_clean_failure

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "data" / "guide.yml").read_text(encoding="utf-8")
GUARD = 60  # seconds: only a hang gets near this; each case takes well under a second


def _swap(old: str, new: str) -> str:
    assert old in GUIDE, old
    return GUIDE.replace(old, new, 1)


BOMB = ("levels: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"k{i}: &{'b' * i} [{', '.join(['*' + ('b' * (i - 1) if i > 1 else 'a')] * 9)}]\n"
                  for i in range(1, 9)))

# family -> (file bytes, the message that must name what is wrong)
CASES: dict[str, tuple[bytes, str]] = {
    # encodings
    "latin-1": (_swap("Mid-level", "Mid-l\u00e9vel").encode("latin-1", errors="replace"),
                r"data/guide\.yml:11: the file is not valid UTF-8 \(byte 0xe9"),
    "utf-16": (GUIDE.encode("utf-16"), r"data/guide\.yml:1: the file is UTF-16; save it as UTF-8"),
    "nul-byte": (_swap("Mid-level", "Mid\x00level").encode(), r"data/guide\.yml:11: .*\(U\+0000\)"),
    # YAML features that expand or refer to themselves
    "alias-bomb": (BOMB.encode(), r"data/guide\.yml:1: YAML anchors \(&a\) are not allowed"),
    "self-alias": (b"levels: &a [*a]\n", r"data/guide\.yml:1: YAML anchors \(&a\) are not allowed"),
    "merge-key": (_swap("levels:\n  - id: E4\n", "levels:\n  - <<: *base\n    id: E4\n").encode(),
                  r"data/guide\.yml:\d+: YAML aliases \(\*name\) are not allowed"),
    # tags the safe loader cannot build, values their tag refuses
    "python-tag": (_swap("name: E4\n", "name: !!python/object/apply:os.system [ls]\n").encode(),
                   r"data/guide\.yml:10 at levels\[0\]\.name: the tag .*python/object/apply:os\.system. is not allowed"),
    "custom-tag": (_swap("name: E4\n", "name: !shout E4\n").encode(),
                   r"data/guide\.yml:10 at levels\[0\]\.name: cannot read this value: .*'!shout'"),
    "bad-int": (_swap("    minutes: 45\n", "    minutes: !!int abc\n").encode(),
                r"data/guide\.yml:\d+ at round_types\[0\]\.minutes: cannot read this value as int"),
    "bad-date": (_swap("name: E4\n", "name: 2025-13-45\n").encode(),
                 r"data/guide\.yml:10 at levels\[0\]\.name: cannot read this value as timestamp: month"),
    # pathological structure
    "deep-lists": (("levels: " + "[" * 3000 + "]" * 3000 + "\n").encode(),
                   r"data/guide\.yml:1: nesting is deeper than \d+ levels"),
    "deep-maps": (("levels:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80))).encode(),
                  r"data/guide\.yml:\d+: nesting is deeper than \d+ levels"),
    "root-list": (b"- levels\n- round_types\n", r"data/guide\.yml:1: the file must be a mapping .*not a list"),
    "root-scalar": (b"just some words\n", r"data/guide\.yml:1: the file must be a mapping .*single value"),
    "huge": (GUIDE.encode() + b"#" + b"x" * (5 * 1024 * 1024) + b"\n", r"data/guide\.yml: the file is [\d,]+ bytes"),
    "many-problems": (GUIDE.replace("    minutes:", "    minutez:").encode(),
                      r"\d+ problems:(.|\n)*\.\.\. and \d+ more"),
    # types meant strictly
    "bool-minutes": (_swap("    minutes: 45\n", "    minutes: true\n").encode(),
                     r"data/guide\.yml:\d+ at round_types\[0\]\.minutes: expected a whole number, got true"),
    "string-minutes": (_swap("    minutes: 45\n", '    minutes: "45"\n').encode(),
                       r"data/guide\.yml:\d+ at round_types\[0\]\.minutes: Input should be a valid integer"),
    "nan-minutes": (_swap("    minutes: 45\n", "    minutes: .nan\n").encode(),
                    r"data/guide\.yml:\d+ at round_types\[0\]\.minutes: "),
    "string-flag": (_swap("        minutes: 5\n        suggested: true\n", "        minutes: 5\n        suggested: 'yes'\n").encode(),
                    r"data/guide\.yml:\d+ at round_types\[\d+\]\.segments\[0\]\.suggested: Input should be a valid boolean"),
    "number-as-text": (_swap("    title: Senior\n", "    title: 2026\n").encode(),
                       r"data/guide\.yml:\d+ at levels\[1\]\.title: Input should be a valid string"),
}


@pytest.fixture(scope="module")
def mini_project(tmp_path_factory) -> Path:
    """Just the macros package and a data folder: enough for `python -m macros.cli validate`."""
    root = tmp_path_factory.mktemp("mini")
    shutil.copytree(ROOT / "macros", root / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "data").mkdir()
    return root


def _validate(project: Path, content: bytes) -> subprocess.CompletedProcess:
    (project / "data" / "guide.yml").write_bytes(content)
    return subprocess.run([sys.executable, "-m", "macros.cli", "validate"], cwd=project,
                          capture_output=True, text=True, timeout=GUARD)


def test_the_real_file_is_valid_in_the_mini_project(mini_project):
    result = _validate(mini_project, GUIDE.encode())
    assert result.returncode == 0 and result.stdout.startswith("ok:"), result.stderr


@pytest.mark.parametrize("family", sorted(CASES))
def test_hostile_data_file_gets_one_clear_message(mini_project, family):
    content, pattern = CASES[family]
    result = _validate(mini_project, content)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert re.search(pattern, output), f"expected /{pattern}/ in:\n{output[:2000]}"
    assert len(output) < 4000, f"the message should be short, got {len(output)} characters"


def test_a_utf8_byte_order_mark_is_accepted(mini_project):
    result = _validate(mini_project, "\ufeff".encode() + GUIDE.encode())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("family", ["alias-bomb", "deep-lists", "latin-1", "bool-minutes"])
def test_hostile_data_file_stops_the_build_cleanly(scratch_project, tmp_path, family):
    content, pattern = CASES[family]
    (scratch_project / "data" / "guide.yml").write_bytes(content)
    result = sitetools.build(tmp_path / "out", project=scratch_project)
    assert_clean_failure(result, pattern)
    assert not (tmp_path / "out" / "index.html").exists(), "a failed build must not leave a site"
