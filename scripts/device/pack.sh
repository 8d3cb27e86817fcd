#!/bin/bash
# Packs what a GPU machine without Node needs to run the `mutor` CLI (Dawn in Node) into .dev/ (git-ignored through
# .git/info/exclude), small enough to travel beside the working tree (64 MiB in all): this machine's Node and
# dawn.node, stripped and xz-compressed; the CLI bundled into one file by esbuild (webgpu stays external: dawn.node is
# loaded by path beside its index.js); the Vulkan loader's and glvnd's Debian packages, for a machine that has only the driver.
# The bundle sits three folders down so that the CLI's ROOT (its file/../../..) is the repository.
# usage: bash scripts/device/pack.sh      then: experiments/logs/session10/h200.sh on the device, carrying .dev
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || echo '/.dev/' >> .git/info/exclude
rm -rf .dev && mkdir -p .dev/x/y .dev/gl .dev/node_modules/webgpu/dist/linux-x64
npx esbuild src/cli/main.ts --bundle --platform=node --format=esm --target=node20 --minify \
  --external:webgpu --outfile=.dev/x/y/mutor.mjs \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json .dev/node_modules/webgpu/
cp "$(command -v node)" .dev/node && strip .dev/node
cp node_modules/webgpu/dist/linux-x64/dawn.node .dev/node_modules/webgpu/dist/linux-x64/ && strip --strip-unneeded .dev/node_modules/webgpu/dist/linux-x64/dawn.node
xz -9e -T2 .dev/node .dev/node_modules/webgpu/dist/linux-x64/dawn.node .dev/x/y/mutor.mjs
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
mkdir -p /tmp/amd64/partial && apt-get $o update -qq && (cd .dev/gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
du -cb $(git ls-files) .dev | tail -1 | awk '{ printf "travels: %.1f MiB of 64\n", $1 / 1048576 }'
