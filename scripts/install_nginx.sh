#!/bin/sh
# Installs Debian's nginx for the hosting tests (tests/test_hosting.py, tests/browser/test_hosting.py)
# when it is missing. The tests run their own nginx, as a foreground process on a free
# loopback port with every path under a temporary folder; they never use the system's
# service (which Debian starts on port 80 where systemd runs: stop it if you do not want it).
# openssl (the TLS tests' self-signed certificate, and the password hashes) comes with Debian.
# Runs as root in CI; elsewhere through sudo.
set -eu
if [ -x /usr/sbin/nginx ] && command -v openssl >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi
echo "Installing Debian's nginx for the hosting tests" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null
test -x /usr/sbin/nginx
