#!/usr/bin/env bash
# The wheel works on its own: build it from a clean copy of the source, install it (not editable,
# no extras) into a fresh venv, install the fixture models with its `syndicate models install --from`,
# and translate the Ammon fixture page into ar, fa-AF, tg and ru from a folder outside the checkout.
# Checks that every page is written and that the packaged Dari table was applied (the en→fa fixture
# model writes the Iranian استان for "Province"; the table makes it the Afghan ولایت).
# Needs .venv (scripts/setup.sh) to build the wheel and the fixture models.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/syndicate-wheel.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
start=$SECONDS
fail() { echo "check_wheel: $*" >&2; exit 1; }

# A copy without build/ and egg-info leftovers, which setuptools would put in the wheel.
mkdir "$WORK/src"
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./.tools --exclude=./build --exclude=./dist \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=./output -cf - . | tar -C "$WORK/src" -xf -
# pip's notes about this machine's index configuration are noise: a step's output is shown only when it fails
quietly() { "$@" >"$WORK/step.log" 2>&1 || { cat "$WORK/step.log" >&2; fail "failed: $*"; }; }
quietly "$ROOT/.venv/bin/python" -m pip wheel --quiet --no-deps -w "$WORK/dist" "$WORK/src"
python3 -m venv "$WORK/venv"
quietly "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$WORK"/dist/syndicate-*.whl
"$ROOT/.venv/bin/python" "$ROOT/tests/fixtures/make_models.py" "$WORK/packages" >/dev/null

mkdir "$WORK/run" "$WORK/home"
cp "$ROOT/tests/fixtures/ammon-news.html" "$WORK/run/"
cd "$WORK/run"
# The fixture models copy English: allow it into the pages (max_untranslated_share would keep drafts)
export SYNDICATE_CACHE="$WORK/memory.sqlite3" HOME="$WORK/home" SYNDICATE_MAX_UNTRANSLATED_SHARE=1
unset XDG_STATE_HOME
unset PYTHONPATH SYNDICATE_MODELS_DIR ARGOS_PACKAGES_DIR
location="$("$WORK/venv/bin/python" -c 'import syndicate; print(syndicate.__file__)')"
[[ "$location" == "$WORK/venv/"* ]] || fail "syndicate is imported from $location, not the wheel"
"$WORK/venv/bin/syndicate" models install --from "$WORK"/packages/*.argosmodel --models-dir "$WORK/models" >/dev/null
"$WORK/venv/bin/syndicate" translate ammon-news.html --to ar,fa-AF,tg,ru --out "$WORK/out" --no-glossary \
    --models-dir "$WORK/models" 2>"$WORK/translate.log" || { cat "$WORK/translate.log" >&2; fail "translate failed"; }

slugs=("$WORK"/out/*/article.json)
[ "${#slugs[@]}" = 1 ] && [ -f "${slugs[0]}" ] || fail "expected one article folder in $WORK/out"
article="$(dirname "${slugs[0]}")"
for lang in ar fa-AF tg ru; do
    [ -s "$article/$lang.html" ] || fail "$lang.html was not written"
done
grep -q 'ولایت' "$article/fa-AF.html" || fail "fa-AF.html lacks the Afghan ولایت: the Dari table was not applied"
if grep -q 'استان' "$article/fa-AF.html"; then fail "fa-AF.html still has the Iranian استان"; fi
echo "check_wheel: the wheel translates into ar, fa-AF, tg, ru with the Dari table applied ($((SECONDS - start)) s)"
