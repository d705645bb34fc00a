#!/bin/sh
# Runs a command with a Node.js new enough for Cloakroom (22.13+: node:sqlite without a flag,
# type stripping, msw 3 and vitest 5). When the `node` on PATH is older, Node 24 is installed once
# from the npm registry into ~/.cache/node24 and put first on PATH for this command and its children.
set -e
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)' 2>/dev/null
}
if ! node_ok; then
  cache="${CLOAKROOM_NODE_CACHE:-$HOME/.cache/node24}"
  if [ ! -x "$cache/node_modules/.bin/node" ]; then
    echo "with-node: node $(node --version 2>/dev/null || echo missing) is older than 22.13; installing Node 24 into $cache" >&2
    npm i --prefix "$cache" --no-audit --no-fund node@24 >&2
  fi
  PATH="$cache/node_modules/.bin:$PATH"
  export PATH
fi
exec "$@"
