# Shared set-up for scripts/serve and scripts/test: sourced, not run.
# Everything the project needs is installed here, so a fresh Debian machine with
# Python 3.11, Node and npm needs nothing else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"

source "$ROOT/scripts/deps.sh"

# The project's Python environment, in .venv (created once, refreshed every run):
# exactly the lock file's versions (hashes checked, see scripts/deps.sh), then the
# package itself, editable, built by the locked setuptools.
setup_python() {
  local lock="$1"
  if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
    --no-deps -r locks/uv.txt
  deps_install .venv/bin/python "$lock"
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps --no-build-isolation -e .
}

# Debian's Chromium for the browser tests (Playwright never downloads a browser here),
# jq, which the pull-request comment's script uses (tests/test_workflows.py), and
# poppler-utils, whose pdftotext and pdftoppm read the printed PDFs
# (tests/browser/test_paper_and_diagram.py).
setup_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v jq >/dev/null 2>&1 \
      && command -v pdftotext >/dev/null 2>&1; then return; fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium jq poppler-utils >/dev/null
}

# axe-core (accessibility checks in the browser tests), pinned by package-lock.json.
setup_node() {
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
}
