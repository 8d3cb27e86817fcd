#!/usr/bin/env bash
# Installs the system packages the playground needs on Debian bookworm, only where missing:
# Debian's Chromium (SwiftShader WebGPU for the app and e2e) and Mesa 25 lavapipe + the Vulkan
# loader from bookworm-backports (Dawn in Node for kernel tests, the CLI and benchmarks), and Debian's PyTorch
# (python3-torch, for /usr/bin/python3: the exported PyTorch job's parity and DDP tests, src/torch/).
# Idempotent; safe to run on every `npm test` / `npm start`. Needs root (or sudo) only when installing.
set -euo pipefail

need_chromium=0; need_lavapipe=0; need_torch=0
[ -x /usr/lib/chromium/chromium ] || need_chromium=1
# Mesa >= 25 lavapipe: Dawn rejects Debian's stock 22.3.
mesa_ver=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
case "$mesa_ver" in
  2[5-9].*|[3-9][0-9].*) ;;
  *) need_lavapipe=1 ;;
esac
dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed' || need_lavapipe=1
dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q 'install ok installed' || need_torch=1

if [ $need_chromium = 0 ] && [ $need_lavapipe = 0 ] && [ $need_torch = 0 ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "setup-system: missing Chromium, Mesa 25 lavapipe and/or python3-torch and not root; run 'sudo bash scripts/setup-system.sh'" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

# The Debian mirror this machine already uses for bookworm (deb822 .sources or one-line .list entries), so the
# backports entry goes through the same (possibly local) mirror and key.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; ok = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uri = u[1] }
          if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) ok = 1
        }
        if (ok && uri != "") { print uri; exit } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI suite components
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == "bookworm") { print $i; exit } }' "$f"
  done
}

if [ $need_lavapipe = 1 ]; then
  bp=/etc/apt/sources.list.d/bookworm-backports.sources
  if [ ! -f "$bp" ]; then
    mirror=$(debian_mirror | head -n 1)
    if [ -z "$mirror" ]; then
      echo "setup-system: no apt source for Debian bookworm found in /etc/apt; add one (or $bp with Suites: bookworm-backports) and rerun" >&2
      exit 1
    fi
    echo "setup-system: adding bookworm-backports from $mirror"
    $SUDO tee "$bp" >/dev/null <<SRC
Types: deb
URIs: $mirror
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
if [ $need_torch = 1 ]; then
  # libtorch and numpy come with it; the exported PyTorch job needs nothing else.
  echo "setup-system: installing python3-torch"
  $SUDO apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
echo "setup-system: done"
