#!/usr/bin/env bash
# Unpacks Debian's aarch64 Node.js (and the libraries it loads) into a directory, to run with
# `qemu-aarch64 -L <dir> <dir>/usr/bin/node`: the infra tests then execute the Lambda bundles and the DuckDB
# layer as arm64 code on an x86_64 machine. Debian packages only; nothing is installed for arm64 system-wide
# (dpkg -x), only qemu-user itself. Idempotent: an existing sysroot is kept.
#   bash tools/scripts/arm64-node-sysroot.sh "$HOME/.cache/instalake/arm64-node"
set -euo pipefail
root="${1:?usage: arm64-node-sysroot.sh <directory>}"
if [ -x "$root/usr/bin/node" ] && command -v qemu-aarch64 >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then dpkg --add-architecture arm64; fi
apt-get update -qq
command -v qemu-aarch64 >/dev/null 2>&1 || apt-get install -y -qq qemu-user >/dev/null
# nodejs:arm64 and everything it depends on (libraries for arm64, Node's externalised JS deps are arch "all").
packages=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances nodejs:arm64 \
  | grep -E '^([a-z0-9.+-]+:arm64|node-[a-z0-9.+-]+)$' | sort -u)
work=$(mktemp -d)
trap 'rm -rf "$work" "$root.partial"' EXIT
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root $packages >/dev/null)
rm -rf "$root.partial" && mkdir -p "$root.partial"
for deb in "$work"/*.deb; do dpkg -x "$deb" "$root.partial"; done
"$(command -v qemu-aarch64)" -L "$root.partial" "$root.partial/usr/bin/node" -e 'if (process.arch !== "arm64") process.exit(1)'
rm -rf "$root" && mv "$root.partial" "$root"
echo "arm64 Node.js $(qemu-aarch64 -L "$root" "$root/usr/bin/node" --version) ready in $root"
