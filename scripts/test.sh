#!/usr/bin/env bash
# Install kg with its test extras and run the whole test suite (CI calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test,spark bash scripts/setup.sh
# The browser test (tests/test_browser.py) drives Debian's chromium; a CJK font makes its
# screenshots readable. Installed once, as root, where apt-get exists; else that test skips.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei; } \
    >/dev/null 2>&1 || echo "scripts/test.sh: could not install chromium; the browser test will skip" >&2
fi
exec .venv/bin/python -m pytest "$@"
