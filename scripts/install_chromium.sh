#!/bin/sh
# Installs Debian's Chromium for the browser tests (tests/browser) when it is missing.
# Playwright's own browser download cannot work here: the tests drive /usr/bin/chromium.
# Runs as root in CI; elsewhere through sudo.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi
echo "Installing Debian's chromium for the browser tests" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
