"""mkdocs-macros entry point: `define_env` only loads the data and registers the macros.

The work is done by pure functions in render.py (unit-tested without MkDocs); the data is
loaded and validated by loader.py, once per build. A bad data file stops the build with a
PluginError whose message names the file, line, key path and problem (no traceback).
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

DATA_FILE = "data/guide.yml"

# The macros a page may call, by name -> renderer in render.py. One list, used by define_env and
# by the page check in hooks.py, so a misspelled macro is caught before rendering.
MACROS = (
    "loop_overview", "stage_table", "round_types_table", "approach_table", "timer",
    "checklist", "all_checklists", "resources_table", "question_set", "roadmap",
    "signals_table", "levels_table", "level_picker", "your_loop", "fact", "total_minutes",
    "story_worksheet", "prompt_cards", "study_planner", "plan_estimates", "rubric",
    "story_bank", "funnel", "case_index", "case_sources", "latency_budget",
)

_state: dict = {}


def current_guide():
    """The Guide loaded for the build in progress (set by define_env)."""
    return _state.get("guide")


def _reload_code() -> None:
    # `mkdocs serve` keeps this package imported across rebuilds; reload the code so an edit
    # to a renderer or the model shows on the next rebuild, like an edit to a page does.
    from . import errors, model, loader, render
    for mod in (errors, model, loader, render):
        importlib.reload(mod)


def load_for_build(project_dir: str | Path):
    from mkdocs.exceptions import PluginError

    from .errors import GuideError
    from .loader import load_guide

    path = Path(project_dir) / DATA_FILE
    try:
        guide = load_guide(path, display=DATA_FILE)
    except GuideError as exc:
        raise PluginError(f"Invalid guide data. {exc.describe()}") from None
    _state["guide"] = guide
    return guide


def bound_macros(guide) -> dict:
    from . import render
    return {name: functools.wraps(getattr(render, name))(functools.partial(getattr(render, name), guide))
            for name in MACROS}


def define_env(env) -> None:
    _reload_code()
    guide = load_for_build(env.project_dir)
    for name, fn in bound_macros(guide).items():
        env.macro(fn, name)
