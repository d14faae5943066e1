#!/usr/bin/env bash
# Install the Debian packages and start the local services the test suite needs, when missing.
# Safe to run repeatedly; does nothing when everything is already there.
set -euo pipefail

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@"
}

packages=()
# npm installs the browser tests' axe-core from package-lock.json.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
for pkg in "${EXTRA_DEBIAN_PACKAGES[@]:-}"; do
  [ -n "$pkg" ] && ! dpkg -s "$pkg" >/dev/null 2>&1 && packages+=("$pkg")
done
if [ ${#packages[@]} -gt 0 ]; then
  apt_install "${packages[@]}"
fi

# Debian's chromium drives the browser tests (Playwright's own browser download is not used).
# CI must have it; elsewhere a machine that cannot install it skips the browser tests, saying why.
if [ ! -x /usr/lib/chromium/chromium ] && [ ! -x /usr/bin/chromium ]; then
  if ! apt_install chromium fonts-liberation; then
    [ "${CI:-}" = "true" ] && { echo "chromium could not be installed, and CI needs it" >&2; exit 1; }
    echo "warning: chromium could not be installed; the browser tests will be skipped" >&2
  fi
fi

# PostgreSQL backs the database tests; start it if this machine has it but it is down.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | head -n 1)
  [ -n "$version" ] && pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
exit 0
