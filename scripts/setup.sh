# Shared set-up for scripts/serve and scripts/test: sourced, not run.
# Everything the project needs is installed here, so a fresh Debian machine with
# Python 3.11, Node and npm needs nothing else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"

# The project's Python environment, in .venv (created once, refreshed every run).
setup_python() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
}

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
setup_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# axe-core (accessibility checks in the browser tests), pinned by package-lock.json.
setup_node() {
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
}
