#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install kg into it; EXTRAS selects optional extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kg needs Python >= 3.11")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv 2>/dev/null || {
    # Debian/Ubuntu ship venv separately
    if command -v apt-get >/dev/null; then apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; fi
    "$PY" -m venv .venv
  }
fi
.venv/bin/python -m pip install -q --upgrade pip
# setuptools' build backend always adds a notice to an editable install of a package
# whose folders are mapped (kg.loaders = loaders/); it is information, not a problem
PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
