#!/usr/bin/env bash
# Runs the Python suite (python/tests) in .venv against the real server, setting .venv up first:
# - .venv is (re)built from python/requirements-test.txt, every package pinned, whenever that file
#   or the Python interpreter changed (stamp .venv/purpleflea-deps.sha256); otherwise pip is skipped;
# - the package in python/ is reinstalled (no dependencies, no download) whenever its files changed
#   (stamp .venv/purpleflea-package.sha256), then `pip check` proves its declared deps are met.
# Arguments go to pytest instead of the default python/tests. PYTHON picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
REQUIREMENTS=python/requirements-test.txt

say() { echo "python-test: $*" >&2; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  say "'$PYTHON' not found. Install Python 3.10 or newer, or set PYTHON=/path/to/python3."
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  say "$("$PYTHON" --version 2>&1) is too old: Python 3.10 or newer is needed (or set PYTHON=...)."
  exit 1
fi

# sha256 over the interpreter and the given files (directories: every file under them, sorted).
fingerprint() {
  "$PYTHON" - "$@" <<'PY'
import hashlib, os, sys
digest = hashlib.sha256(f"{os.path.realpath(sys.executable)} {sys.version_info[:3]}".encode())
for root in sys.argv[1:]:
    paths = [root] if os.path.isfile(root) else sorted(
        os.path.join(d, f) for d, dirs, files in os.walk(root) if "__pycache__" not in d for f in files
    )
    for path in paths:
        digest.update(path.encode())
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
print(digest.hexdigest())
PY
}

deps=$(fingerprint "$REQUIREMENTS")
if [ "$(cat "$VENV/purpleflea-deps.sha256" 2>/dev/null)" != "$deps" ]; then
  say "creating $VENV from $REQUIREMENTS (first run takes a few minutes)"
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    say "'$PYTHON -m venv' failed. On Debian or Ubuntu the venv module and ensurepip come in a"
    say "separate package: apt-get install python3-venv (or python3.X-venv for your version)."
    exit 1
  fi
  # Wheels first, into .venv/wheelhouse, then the install from there alone: the wheel test
  # (python/tests/test_install.py) installs the built package into a fresh venv from this folder,
  # so nothing downloads while tests run.
  "$VENV/bin/python" -m pip wheel --quiet --disable-pip-version-check -w "$VENV/wheelhouse" -r "$REQUIREMENTS"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$VENV/wheelhouse" -r "$REQUIREMENTS"
  echo "$deps" > "$VENV/purpleflea-deps.sha256"
fi

package=$(fingerprint python/pyproject.toml python/README.md python/purpleflea_autogen)
if [ "$(cat "$VENV/purpleflea-package.sha256" 2>/dev/null)" != "$package" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    --force-reinstall ./python
  "$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null
  echo "$package" > "$VENV/purpleflea-package.sha256"
fi

if [ "$#" -eq 0 ]; then set -- python/tests; fi
exec "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
