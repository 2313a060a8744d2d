#!/usr/bin/env bash
# Debian's Chromium for the crawler and the dashboard's browser tests (playwright-core drives it;
# a test tool's own browser download cannot work offline). Idempotent; needs root or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium
