#!/usr/bin/env bash
# Installs Debian's headless Chromium and ChromeDriver (for the dashboard's browser test) when they
# are missing. Needs root or sudo; without either it says so and leaves the machine alone (the
# browser test then skips, or fails when CI is set).
set -euo pipefail

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "install-browser: chromium/chromedriver missing and no root or sudo; the dashboard's browser test will not run" >&2
  exit 0
fi
echo "install-browser: installing chromium and chromium-driver (about a minute)" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
