#!/usr/bin/env bash
# Install everything syndicate and its tests need, into this checkout:
#   .venv/                 Python environment with syndicate installed (editable) + dev tools
#   .tools/node_modules/   the Nu Html Checker (vnu-jar) used by the export tests
#   Debian packages        (only those missing) chromium: screenshots of the review page;
#                          chromium-driver: the chromedriver Selenium drives the desk with;
#                          nginx-light and openssl: the TLS reverse proxy the desk is tested behind
# argostranslate (the optional extra `argos`) is installed without its dependency chain (torch,
# stanza, spacy: ~1.1 GB): the interop tests use only argostranslate.package, which needs packaging
# and sentencepiece. `pip install '.[argos]'` brings the full chain (bench/translate.py's peer).
#
# The output is a few lines; a step that fails prints what it said. apt-get waits up to 10
# minutes for another apt-get or dpkg holding the package lock (a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Run a step quietly: its output is shown only when it fails, less pip's notes about package
# index locations this machine's configuration names and lxml's renamed extra (noise, not news).
step() {
    local what=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        grep -v -e "^WARNING: Location '.*' is ignored" -e "does not provide the extra 'html_clean'" "$log" >&2 || true
        echo "setup: $what failed (exit code above)" >&2
        exit 1
    fi
}

[ -x .venv/bin/python ] || step "creating .venv" python3 -m venv .venv
step "installing syndicate and its dev tools" .venv/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
step "installing argostranslate (without its chain)" \
    .venv/bin/pip install --quiet --disable-pip-version-check --no-deps 'argostranslate>=1.9' 'packaging'
if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    mkdir -p .tools
    step "installing the Nu Html Checker" \
        npm install --silent --prefix .tools --ignore-scripts --no-audit --no-fund vnu-jar
fi

wanted=()
command -v chromium >/dev/null 2>&1 || wanted+=(chromium)
command -v chromedriver >/dev/null 2>&1 || wanted+=(chromium-driver)
[ -x /usr/sbin/nginx ] || wanted+=(nginx-light)
command -v openssl >/dev/null 2>&1 || wanted+=(openssl)
if [ ${#wanted[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
    apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq)
    if ! "${apt[@]}" install "${wanted[@]}" >"$log" 2>&1; then
        step "apt-get update" "${apt[@]}" update
        step "installing ${wanted[*]}" "${apt[@]}" install "${wanted[@]}"
    fi
    echo "installed Debian packages: ${wanted[*]}"
fi
echo "syndicate is installed: .venv/bin/syndicate --help"
