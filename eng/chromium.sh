#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright's own browser download is not reachable from CI).
#
#   bash eng/chromium.sh --install   makes sure chromium is installed (installing Debian's package when it is missing)
#                                    and prints its path; the browser-test fixture calls this on a fresh machine
#   bash eng/chromium.sh             prints the path, or fails when chromium is missing
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser "$(command -v chromium 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

if [ "${1:-}" != "--install" ]; then
  echo "eng/chromium.sh: chromium is not installed; run 'bash eng/chromium.sh --install'" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "eng/chromium.sh: chromium not found and not root: install it (apt-get install chromium)" >&2
    exit 1
  }
  sudo="sudo"
fi

echo "eng/chromium.sh: installing Debian's chromium package" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
find_chromium || {
  echo "eng/chromium.sh: chromium still not found after installing it" >&2
  exit 1
}
