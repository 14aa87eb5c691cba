"""ProperDocs, the drop-in fork of MkDocs 1.x, is the tested way past MkDocs' and Material's end of
life (README, "Builders and Material's end of life"): it builds this site to the same files as
MkDocs, byte for byte, but for the generator tag each names itself in."""

from __future__ import annotations

import re

import pytest

import sitetools

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(root):
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_both_builders_build_the_same_site(built_site, tmp_path):
    used = sitetools.builder_name()
    other = "properdocs" if used == "mkdocs" else "mkdocs"
    result = sitetools.build(tmp_path / "other", builder=other)
    assert result.returncode == 0, f"{other} build failed:\n{sitetools.build_messages(result)}"
    ours, theirs = _files(built_site), _files(tmp_path / "other")
    assert sorted(ours) == sorted(theirs), set(ours) ^ set(theirs)
    differ = [rel for rel in ours
              if GENERATOR.sub(b"", ours[rel].read_bytes()) != GENERATOR.sub(b"", theirs[rel].read_bytes())]
    assert not differ, f"{used} and {other} built different files: {differ[:10]}"
    assert len(ours) > 50


def test_an_unknown_builder_is_refused(monkeypatch):
    monkeypatch.setenv("GUIDE_BUILDER", "zensical")
    with pytest.raises(SystemExit, match="choose one of mkdocs, properdocs"):
        sitetools.builder_name()
