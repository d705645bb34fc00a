#!/usr/bin/env bash
# One-time setup of a fresh machine: a Node.js new enough (22.13+; Node 24 is installed from the
# npm registry into ~/.cache/node24 when the system's is older), pnpm 12.4.2, the Debian packages
# the tests use (Chromium for the browser tests, Redis and nginx for the multi-instance tests)
# when apt-get is available and we are root, and the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

node_bin_dir="$(sh scripts/with-node.sh sh -c 'dirname "$(command -v node)"')"
export PATH="$node_bin_dir:$PATH"

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then
  npm i -g --no-audit --no-fund pnpm@12.4.2
fi

if [ "${CLOAKROOM_SKIP_APT:-}" != "1" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

pnpm install --frozen-lockfile
echo "setup: done (node $(node --version), pnpm $(pnpm --version))"
