#!/usr/bin/env bash
# Installs what the viewer end-to-end test (Tests/Viewers) needs: Debian's chromium, node and npm, and the
# npm packages of tools/viewer-tests (speedscope, playwright-core) from its committed package-lock.json; and
# tmux, the pseudo-terminal the live view's tests (gotrace top, gotrace run --live) drive.
# Idempotent: skips what is already there. Call it from .ci/run before `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cd tools/viewer-tests
# Reinstall only when the lock file changed since the last install.
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
