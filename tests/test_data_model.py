"""The data file and its typed model: the real file loads, and every kind of bad input is
refused with one message naming the file, the line, the key path and the problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from macros.errors import GuideError
from macros.loader import load_guide
from macros.cli import schema_text, main as cli_main
from tests.helpers import DATA, ROOT

GOOD = DATA.read_text(encoding="utf-8")


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    return load_guide(path, display="data/guide.yml")


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(GuideError) as info:
        load_text(tmp_path, text)
    return str(info.value)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    count = 0
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            count += 1
            if count == nth:
                return i
    raise AssertionError(f"{needle!r} not in text")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"{old!r} not found in the data file"
    return text.replace(old, new, 1)


def test_real_data_loads_and_has_every_part():
    guide = load_guide(DATA)
    assert [lv.id for lv in guide.levels] == ["E4", "E5", "E6"]
    assert {rt.id for rt in guide.round_types} >= {"coding", "ml-system-design", "behavioral"}
    assert {s.id for s in guide.stages} >= {"phone-screen", "onsite"}
    assert guide.approach("coding-problem").steps and guide.approach("ml-system-design").steps
    assert guide.roadmap("coding").steps and guide.resources and guide.question_sets
    assert len(guide.checklists) >= 5
    e6 = guide.format_for(guide.stage("phone-screen"), "E6")
    assert any(seg.round_type == "behavioral" for seg in e6.segments)


def test_yaml_syntax_error_names_line(tmp_path):
    text = replace_once(GOOD, "  - id: E5\n", "  - id: [E5\n")
    msg = error_for(tmp_path, text)
    assert msg.startswith("data/guide.yml:")
    assert "YAML syntax error" in msg
    assert re.search(r"data/guide\.yml:\d+", msg)


def test_unknown_key(tmp_path):
    text = replace_once(GOOD, "    title: Senior\n", "    title: Senior\n    tittle: Senior\n")
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_of(text, 'tittle')}" in msg
    assert "levels[1].tittle" in msg and "unknown key 'tittle'" in msg


def test_wrong_type(tmp_path):
    text = replace_once(GOOD, "    minutes: 45\n    decides: bar", "    minutes: forty-five\n    decides: bar")
    msg = error_for(tmp_path, text)
    assert f"data/guide.yml:{line_of(text, 'forty-five')}" in msg
    assert "round_types[0].minutes" in msg and "forty-five" in msg


def test_missing_required_field(tmp_path):
    text = replace_once(GOOD, "    scope: Sets technical direction", "    # scope removed: Sets technical direction")
    msg = error_for(tmp_path, text)
    assert "levels[2].scope" in msg and "required key 'scope' is missing" in msg
    assert f"data/guide.yml:{line_of(text, '- id: E6')}" in msg


def test_duplicate_id(tmp_path):
    text = replace_once(GOOD, "      - id: leetcode-subscription\n", "      - id: confirm-level\n")
    msg = error_for(tmp_path, text)
    assert "duplicate checklist item id 'confirm-level'" in msg
    assert f"data/guide.yml:{line_of(text, '- id: confirm-level', 2)}" in msg


def test_duplicate_top_level_id(tmp_path):
    text = replace_once(GOOD, "  - id: excalidraw\n", "  - id: grind-75\n")
    msg = error_for(tmp_path, text)
    assert "duplicate id 'grind-75'" in msg and "resources[" in msg


def test_duplicate_yaml_key(tmp_path):
    text = replace_once(GOOD, "    title: Senior\n", "    title: Senior\n    title: Lead\n")
    msg = error_for(tmp_path, text)
    assert "key 'title' appears twice" in msg
    assert f"data/guide.yml:{line_of(text, 'title: Lead')}" in msg


@pytest.mark.parametrize("old,new,expect", [
    ("      - levels: [E6]\n        segments:", "      - levels: [E7]\n        segments:", "unknown level 'E7'"),
    ("rounds: {coding: 1, ai-assisted-coding: 1, ml-system-design: 2, behavioral: 1}",
     "rounds: {coding: 1, ai-assisted-coding: 1, ml-design: 2, behavioral: 1}",
     "unknown round type 'ml-design'"),
    ("        resource: leetcode-explore\n        topics:", "        resource: leetcode-explor\n        topics:",
     "unknown resource 'leetcode-explor'"),
    ("    round_type: coding\n    per_problem: true", "    round_type: codingg\n    per_problem: true",
     "unknown round type 'codingg'"),
])
def test_unknown_reference(tmp_path, old, new, expect):
    text = replace_once(GOOD, old, new)
    msg = error_for(tmp_path, text)
    assert expect in msg
    assert f"data/guide.yml:{line_of(text, new.splitlines()[0].strip())}" in msg


@pytest.mark.parametrize("value", ["0", "-5"])
def test_zero_or_negative_minutes(tmp_path, value):
    text = replace_once(GOOD, "        name: Plan\n        minutes: 5", f"        name: Plan\n        minutes: {value}")
    msg = error_for(tmp_path, text)
    assert "approaches[0].steps[1].minutes" in msg and "greater than 0" in msg


def test_segments_must_add_up(tmp_path):
    text = replace_once(GOOD, "          - name: Behavioral questions\n            minutes: 15",
                        "          - name: Behavioral questions\n            minutes: 16")
    msg = error_for(tmp_path, text)
    assert "segments add up to 46 minutes but the stated length is 45" in msg
    assert "stages[0].formats[1].segments" in msg


def test_approach_must_fit_its_segment(tmp_path):
    text = replace_once(GOOD, "        name: Code\n        minutes: 5", "        name: Code\n        minutes: 25")
    msg = error_for(tmp_path, text)
    assert "approach 'coding-problem'" in msg and "more than this" in msg


def test_level_missing_from_a_stage(tmp_path):
    text = replace_once(GOOD, "      - levels: [E4, E5]\n        rounds:", "      - levels: [E4]\n        rounds:")
    msg = error_for(tmp_path, text)
    assert "no format for level 'E5' in stage 'onsite'" in msg


def test_missing_file(tmp_path):
    with pytest.raises(GuideError) as info:
        load_guide(tmp_path / "nope.yml", display="data/guide.yml")
    assert str(info.value) == "data/guide.yml: data file not found"


def test_several_problems_reported_together(tmp_path):
    text = replace_once(GOOD, "    title: Senior\n", "    title: Senior\n    tittle: x\n")
    text = replace_once(text, "    title: Staff\n", "    title: Staff\n    colour: x\n")
    msg = error_for(tmp_path, text)
    assert msg.startswith("2 problems:") and "tittle" in msg and "colour" in msg


def test_http_links_refused(tmp_path):
    text = replace_once(GOOD, "url: https://excalidraw.com/", "url: http://excalidraw.com/")
    msg = error_for(tmp_path, text)
    assert "links must use https" in msg


def test_committed_schema_is_current():
    committed = (ROOT / "data" / "guide.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "data/guide.schema.json is stale: run `.venv/bin/python -m macros.cli schema`"
    assert cli_main(["schema", "--check"]) == 0


def test_yaml_names_schema_and_schema_accepts_data():
    import jsonschema
    assert GOOD.splitlines()[0] == "# yaml-language-server: $schema=guide.schema.json"
    schema = json.loads((ROOT / "data" / "guide.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(GOOD), schema)
    bad = yaml.safe_load(GOOD)
    bad["levels"][0]["colour"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_cli_validate(tmp_path, capsys):
    assert cli_main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok:")
    bad = tmp_path / "guide.yml"
    bad.write_text(replace_once(GOOD, "    title: Senior\n", "    title: Senior\n    tittle: x\n"))
    assert cli_main(["validate", str(bad)]) == 1
    assert "unknown key 'tittle'" in capsys.readouterr().err
