"""The contributor path: the pre-commit checks pass on the repository (CI runs them here) and each
one catches what it is for; the workflows pass actionlint and use GitHub's Pages actions; the
templates, CONTRIBUTING.md and the README say what a contributor needs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

VENV_BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"


def tool(name: str) -> str:
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: install the test requirements (scripts/test does)")
    return str(path)


def run(*cmd: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=str(cwd), capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


# -- pre-commit ---------------------------------------------------------------------------------

def test_pre_commit_hooks_are_local_and_use_the_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"], "no hook repository to clone"
    found = hooks()
    assert {"guide-data", "yamllint", "codespell", "markdownlint"} <= set(found)
    for hook in found.values():
        assert hook["language"] == "system"
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]
        program = Path(hook["entry"].split()[0]).name
        assert (VENV_BIN / program).exists(), f"{hook['id']}: {program} is not installed in the venv"


def snapshot(dest: Path) -> Path:
    """The tracked files as they are in the working tree, in a git repository of their own (with
    .venv linked in), so that edits made meanwhile in the checkout cannot disturb pre-commit's run."""
    listed = run("git", "ls-files", "-z")
    assert listed.returncode == 0, listed.stderr
    for rel in filter(None, listed.stdout.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert run(*cmd, cwd=dest).returncode == 0
    return dest


def test_pre_commit_run_all_files_passes(tmp_path):
    """What CI runs: every fast check on every tracked file."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    repo = snapshot(tmp_path / "repo")
    result = run(tool("pre-commit"), "run", "--all-files", "--color=never", cwd=repo,
                 env={"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")})
    assert result.returncode == 0, f"pre-commit found problems:\n{result.stdout}\n{result.stderr}"
    for hook in hooks().values():
        assert hook["name"] in result.stdout


def test_each_fast_check_catches_its_problem(tmp_path):
    (tmp_path / "typo.md").write_text("# Title\n\nThe model is recieved well.\n", encoding="utf-8")  # codespell:ignore
    result = run(tool("codespell"), str(tmp_path / "typo.md"))
    assert result.returncode != 0 and "recieved ==> received" in result.stdout  # codespell:ignore

    # the project word list keeps right words from being flagged
    words = (ROOT / ".codespell-words.txt").read_text(encoding="utf-8").split()
    assert words == sorted(set(words)) and all(w == w.lower() for w in words)

    (tmp_path / "dup.yml").write_text("a: 1\nb:\n  c: 2\na: 3\n", encoding="utf-8")
    result = run(tool("yamllint"), "-c", str(ROOT / ".yamllint.yml"), "--strict", "-f", "parsable",
                 str(tmp_path / "dup.yml"))
    assert result.returncode != 0 and 'dup.yml:4:1: [error] duplication of key "a"' in result.stdout

    (tmp_path / "bad.md").write_text("# Title\n### Skipped a level\n\ntext\n", encoding="utf-8")
    result = run(tool("pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"), "scan", str(tmp_path / "bad.md"))
    assert result.returncode != 0 and "MD001" in result.stdout and "bad.md:2:1" in result.stdout

    # front matter and long lines are fine in the guide's Markdown
    (tmp_path / "ok.md").write_text("---\nrender_macros: true\n---\n# Title\n\n" + ("word " * 60).strip() + "\n",
                                    encoding="utf-8")
    result = run(tool("pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"), "scan", str(tmp_path / "ok.md"))
    assert result.returncode == 0, result.stdout

    data = (ROOT / "data" / "guide.yml").read_text(encoding="utf-8")
    (tmp_path / "guide.yml").write_text(data.replace("minutes: 45", "minutes: -45", 1), encoding="utf-8")
    result = run(sys.executable, "-m", "macros.cli", "validate", str(tmp_path / "guide.yml"))
    assert result.returncode == 1
    assert re.search(r"guide\.yml:\d+ at round_types\[0\]\.minutes: .*greater than 0", result.stderr)
    assert "Traceback" not in result.stderr


# -- GitHub Actions -----------------------------------------------------------------------------

def test_workflows_pass_actionlint():
    result = run(tool("actionlint"), "-no-color", *sorted(str(p) for p in WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.evnt_name }}\n", encoding="utf-8")
    result = run(tool("actionlint"), "-no-color", str(bad), cwd=tmp_path)
    assert result.returncode != 0 and "evnt_name" in result.stdout


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_ci_runs_the_readme_test_command_on_every_push_and_pull_request():
    ci = load_workflow("ci.yml")
    assert "push" in ci["on"] and "pull_request" in ci["on"]
    assert ci["on"]["push"] is None or "branches" not in (ci["on"]["push"] or {}), "every branch"
    runs = [s.get("run", "") for s in steps(ci)]
    assert "scripts/test" in runs
    assert "scripts/test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pages_workflow_deploys_main_with_the_official_actions():
    pages = load_workflow("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [s.get("uses", "").split("@")[0] for s in steps(pages)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    checkout = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0, "full history for the 'Last updated' dates"
    build = " ".join(s.get("run", "") for s in steps(pages))
    assert "scripts/publish --out _site" in build, "the same build and checks as a publish"
    upload = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"


# -- templates and documents --------------------------------------------------------------------

def test_issue_forms_for_corrections_and_new_content():
    forms = {}
    for path in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        if path.name != "config.yml":
            forms[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"correction", "new-content"} <= set(forms)
    for name, form in forms.items():
        assert form["name"] and form["description"], name
        fields = [b for b in form["body"] if b["type"] != "markdown"]
        ids = [b["id"] for b in fields]
        assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
        assert any(b.get("validations", {}).get("required") for b in fields), f"{name}: nothing required"
        assert "source" in ids, f"{name}: asks for a source"


def test_pull_request_template_asks_for_source_and_checks():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("Source", "data/guide.yml", "scripts/test", "pre-commit", "CONTRIBUTING.md", "- [ ]"):
        assert needle in text


def test_contributing_covers_the_contributor_path():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("Edit this page", "data/guide.yml", "checklist item", "resource", "level", "round type",
                   "scripts/serve", "pre-commit install", "codespell", "yamllint", "pymarkdown",
                   "macros.cli validate", "linkcheck", ".codespell-words.txt"):
        assert needle in text, f"CONTRIBUTING.md does not mention {needle}"
    # every relative link in it points at a file of the repository
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # not the examples in code
    for target in re.findall(r"\]\((?!https?:|#)([^)#]+)", prose):
        assert (ROOT / target).exists(), f"CONTRIBUTING.md links to missing {target}"



def test_contributing_data_examples_are_accepted_by_the_model(tmp_path):
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    item, resource = re.split(r"\n\s*\n# A resource.*\n", block.split("\n", 1)[1])
    data = (ROOT / "data" / "guide.yml").read_text(encoding="utf-8")
    head, checklists = data.split("\nchecklists:\n", 1)
    checklists = checklists.replace("    items:\n", "    items:\n" + item.rstrip() + "\n", 1)
    head = head.replace("\nresources:\n", "\nresources:\n" + resource.rstrip() + "\n", 1)
    (tmp_path / "guide.yml").write_text(head + "\nchecklists:\n" + checklists, encoding="utf-8")
    result = run(sys.executable, "-m", "macros.cli", "validate", str(tmp_path / "guide.yml"))
    assert result.returncode == 0, result.stderr
    before = run(sys.executable, "-m", "macros.cli", "validate")
    count = lambda out: int(re.search(r"(\d+) resources", out).group(1))  # noqa: E731
    assert count(result.stdout) == count(before.stdout) + 1


def test_edit_links_point_at_the_page_source(built_site):
    html = (built_site / "coding" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/docs/coding\.md"', html)


def test_readme_says_how_to_publish_and_contribute():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^## Publishing", text, re.M), "README needs a Publishing section"
    publishing = text.split("## Publishing", 1)[1]
    for needle in ("scripts/publish", "--dry-run", "Settings", "Pages", "GitHub Actions", "site_url", "edit_uri"):
        assert needle in publishing, f"README's Publishing section does not mention {needle}"
    assert "CONTRIBUTING.md" in text


def test_publish_help_runs_without_a_traceback():
    result = run(sys.executable, str(ROOT / "scripts" / "publish.py"), "--help")
    assert result.returncode == 0 and "--dry-run" in result.stdout and "cname" in result.stdout
    if shutil.which("bash"):
        assert os.access(ROOT / "scripts" / "publish", os.X_OK)


def test_every_action_is_pinned_by_commit_and_dependabot_proposes_updates():
    """A tag can be moved to other code; a commit cannot. Each `uses:` names a full commit hash and,
    in a comment, the release it is (Dependabot keeps both up to date, for pip and npm too)."""
    lines = [ln for p in sorted(WORKFLOWS.glob("*.yml")) for ln in p.read_text(encoding="utf-8").splitlines()
             if re.match(r"\s*(- )?uses:", ln)]
    assert len(lines) >= 5
    for ln in lines:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+(\.\d+)*$", ln), ln
    bot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in bot["updates"]} == {"pip", "npm", "github-actions"}
