#!/usr/bin/env bash
# Installs the system packages the playground needs on Debian bookworm, only where missing:
# Debian's Chromium (SwiftShader WebGPU for the app and e2e) and Mesa 25 lavapipe + the Vulkan
# loader from bookworm-backports (Dawn in Node for kernel tests, the CLI and benchmarks).
# Idempotent; safe to run on every `npm test` / `npm start`. Needs root (or sudo) only when installing.
set -euo pipefail

need_chromium=0; need_lavapipe=0
[ -x /usr/lib/chromium/chromium ] || need_chromium=1
# Mesa >= 25 lavapipe: Dawn rejects Debian's stock 22.3.
mesa_ver=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
case "$mesa_ver" in
  2[5-9].*|[3-9][0-9].*) ;;
  *) need_lavapipe=1 ;;
esac
dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed' || need_lavapipe=1

if [ $need_chromium = 0 ] && [ $need_lavapipe = 0 ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "setup-system: missing Chromium and/or Mesa 25 lavapipe and not root; run 'sudo bash scripts/setup-system.sh'" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

if [ $need_lavapipe = 1 ]; then
  bp=/etc/apt/sources.list.d/bookworm-backports.sources
  if [ ! -f "$bp" ]; then
    echo "setup-system: adding bookworm-backports"
    $SUDO tee "$bp" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
fi

echo "setup-system: apt-get update"
$SUDO apt-get update -qq
if [ $need_chromium = 1 ]; then
  echo "setup-system: installing chromium"
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
if [ $need_lavapipe = 1 ]; then
  echo "setup-system: installing Mesa lavapipe + Vulkan loader from bookworm-backports"
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
fi
echo "setup-system: done"
