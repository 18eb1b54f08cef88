#!/usr/bin/env bash
# kehu-desktop developer entry point.
#   ./dev.sh app    run the desktop app on the embedded default (SQLite in the data folder;
#                   a first run opens the demo branch)
#   ./dev.sh test   run the whole test suite (arguments are passed to pytest)
#   ./dev.sh bench  run the benchmarks and print the table
# Each creates ./.venv with the project and its dev dependencies on first use.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
  "$PYTHON" -m venv .venv || { echo "python3 -m venv failed: install python3-venv" >&2; exit 1; }
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  touch "$stamp"
fi

cmd=${1:-app}
shift || true
case "$cmd" in
  app)   exec .venv/bin/kehu-desktop --demo-on-first-run "$@" ;;
  test)  exec .venv/bin/python -m pytest "$@" ;;
  bench) exec .venv/bin/python -m bench "$@" ;;
  kehu)  exec .venv/bin/kehu "$@" ;;
  *) echo "usage: ./dev.sh app|test|bench|kehu [args]" >&2; exit 2 ;;
esac
