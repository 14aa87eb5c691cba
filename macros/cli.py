"""Command line for the data file: `python -m macros.cli validate|schema [--check]|stale`.

`stale` lists the companies' facts reported more than 12 months before this month (the ones the
pages mark "may be out of date"), with their file line, key path, month and sources, oldest first.
It exits 0 either way: a stale fact is work for a maintainer, not a broken build."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import GuideError
from .errors import format_path
from .loader import load_guide, line_of, read_yaml, validate
from .model import Guide, months_between, sourced_facts, this_month

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
    st = sub.add_parser("stale", help="list facts reported more than 12 months ago, for maintainers")
    st.add_argument("path", nargs="?", default=str(ROOT / "data" / "guide.yml"))
    st.add_argument("--months", type=int, default=12, help="older than this many months (default 12)")
    args = parser.parse_args(argv)
    if args.command == "stale":
        return stale(args.path, args.months)
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


def _display(path: str) -> str:
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else path


def stale_facts(path: str, months: int = 12, today: str | None = None) -> list[dict]:
    """The sourced facts older than `months` at `today` (YYYY-MM; default this month), oldest first."""
    name = _display(path)
    data, lines = read_yaml(Path(path), name)
    guide = validate(data, lines, name)
    now = today or this_month()
    out = []
    for key, what, fact in sourced_facts(guide):
        age = months_between(fact.reported, now)
        if age > months:
            srcs = [guide.source(s) for s in fact.sources]
            out.append({"file": name, "line": line_of(lines, key + ("reported",)), "path": format_path(key),
                        "what": what, "reported": fact.reported, "age": age, "checked": fact.checked,
                        "sources": [f"{s.title} ({s.url})" if s.url else s.title for s in srcs]})
    return sorted(out, key=lambda f: (f["reported"], f["line"] or 0))


def stale(path: str, months: int) -> int:
    try:
        facts = stale_facts(path, months)
    except GuideError as exc:
        print(f"error: {exc.describe()}", file=sys.stderr)
        return 1
    for f in facts:
        kind = "checked" if f["checked"] else "reported"
        print(f"{f['file']}:{f['line']} at {f['path']}: {f['what']}, {kind} {f['reported']} ({f['age']} months ago)")
        for s in f["sources"]:
            print(f"    source: {s}")
    total = sum(1 for _ in sourced_facts(load_guide(path, display=_display(path))))
    print(f"{len(facts)} of {total} sourced facts were reported more than {months} months ago ({this_month()}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
