"""Command line for the data file: `python -m macros.cli validate|schema [--check]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import GuideError
from .loader import load_guide
from .model import Guide

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "data" / "guide.schema.json"


def schema_text() -> str:
    return json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check data/guide.yml against the model and cross-references")
    v.add_argument("path", nargs="?", default=str(ROOT / "data" / "guide.yml"))
    s = sub.add_parser("schema", help="write data/guide.schema.json from the model")
    s.add_argument("--check", action="store_true", help="exit 1 if the committed schema is stale")
    args = parser.parse_args(argv)
    if args.command == "validate":
        try:
            guide = load_guide(args.path, display=str(Path(args.path).resolve().relative_to(ROOT))
                               if Path(args.path).resolve().is_relative_to(ROOT) else args.path)
        except GuideError as exc:
            print(f"error: {exc.describe()}", file=sys.stderr)
            return 1
        items = sum(len(c.items) for c in guide.checklists)
        print(f"ok: {len(guide.levels)} levels, {len(guide.round_types)} round types, "
              f"{len(guide.checklists)} checklists ({items} items), {len(guide.resources)} resources")
        return 0
    text = schema_text()
    if args.check:
        if not SCHEMA.is_file() or SCHEMA.read_text(encoding="utf-8") != text:
            print("error: data/guide.schema.json is stale; run `python -m macros.cli schema`", file=sys.stderr)
            return 1
        print("ok: data/guide.schema.json is up to date")
        return 0
    SCHEMA.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
