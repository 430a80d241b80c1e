#!/usr/bin/env bash
# Install kg with its test extras and run the whole test suite (CI calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
