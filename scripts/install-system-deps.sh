#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's chromium, which the
# HTML report's browser test drives with playwright-core (never a downloaded
# browser). Does nothing when it is already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ]; then exit 0; fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
