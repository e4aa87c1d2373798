#!/usr/bin/env bash
# Install everything syndicate and its tests need, into this checkout:
#   .venv/                 Python environment with syndicate installed (editable) + dev tools
#   .tools/node_modules/   the Nu Html Checker (vnu-jar) used by the export tests
#   chromium               Debian package used to screenshot the review page (only if missing)
#   chromium-driver        Debian package: the chromedriver Selenium drives the desk with (only if missing)
# argostranslate (the optional extra `argos`) is installed without its dependency chain (torch,
# stanza, spacy: ~1.1 GB): the interop tests use only argostranslate.package, which needs packaging
# and sentencepiece. `pip install '.[argos]'` brings the full chain (bench/translate.py's peer).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet -e '.[dev]'
.venv/bin/pip install --quiet --no-deps 'argostranslate>=1.9' 'packaging'
if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    mkdir -p .tools
    npm install --silent --prefix .tools --ignore-scripts --no-audit --no-fund vnu-jar >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null; }
fi
if ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y -qq chromium-driver >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium-driver >/dev/null; }
fi
echo "syndicate is installed: .venv/bin/syndicate --help"
