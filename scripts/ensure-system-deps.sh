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
# EXTRA_DEBIAN_PACKAGES: space-separated names of further Debian packages to install when missing.
for pkg in ${EXTRA_DEBIAN_PACKAGES:-}; do
  dpkg -s "$pkg" >/dev/null 2>&1 || packages+=("$pkg")
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

# PostgreSQL backs the database tests (as user postgres on 127.0.0.1:5432, trust auth). Machines of
# this project's kind run it already; elsewhere install Debian's server, let the local tests in
# without a password, and start it when it is down.
postgres_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! postgres_up; then
  if apt_install postgresql; then
    version=$(ls /etc/postgresql | head -n 1)
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    grep -q "ketamine-clinic-directory tests" "$hba" || sed -i '1i # ketamine-clinic-directory tests: local trust\nhost all postgres 127.0.0.1/32 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
  else
    [ "${CI:-}" = "true" ] && { echo "PostgreSQL could not be installed, and CI needs it" >&2; exit 1; }
    echo "warning: PostgreSQL could not be installed; the PostgreSQL tests will be skipped" >&2
  fi
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && ! postgres_up; then
  version=$(ls /etc/postgresql 2>/dev/null | head -n 1)
  if [ -n "$version" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main restart || true
  fi
  for _ in 1 2 3 4 5 6 7 8 9 10; do postgres_up && break; sleep 1; done
fi
exit 0
