# Shared set-up for scripts/*: find Python 3.11+, create .venv, install pinned requirements
# when they changed. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NO_MKDOCS_2_WARNING=1
export PYTHONDONTWRITEBYTECODE=1

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

# ensure_venv REQUIREMENTS_FILE: (re)install only when the requirement files changed.
ensure_venv() {
  local req="$1" stamp sum
  sum="$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$req")"
  stamp=".venv/.installed-$sum"
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..." >&2
    "$(find_python)" -m venv .venv
  fi
  if [ ! -f "$stamp" ]; then
    echo "Installing $req into .venv ..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}
