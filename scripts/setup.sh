#!/usr/bin/env bash
# Install everything syndicate and its tests need, into this checkout:
#   .venv/                 Python environment with syndicate installed (editable) + dev tools
#   .tools/node_modules/   the Nu Html Checker (vnu-jar) used by the export tests
#   chromium               Debian package used to screenshot the review page (only if missing)
# torch is pinned to the CPU build so argostranslate's stanza dependency doesn't pull CUDA.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet 'torch==2.13.0' -e '.[dev]'
if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    mkdir -p .tools
    npm install --silent --prefix .tools --ignore-scripts --no-audit --no-fund vnu-jar >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null; }
fi
echo "syndicate is installed: .venv/bin/syndicate --help"
