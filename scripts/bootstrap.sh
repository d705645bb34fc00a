#!/bin/sh
# Sets up what a command needs on a machine that has only some Node.js with npm, then runs it:
#
#   sh scripts/bootstrap.sh node  -- CMD...   a Node new enough (22.13+) on PATH
#   sh scripts/bootstrap.sh start -- CMD...   Node, pnpm, the workspace's dependencies, the SPA build
#   sh scripts/bootstrap.sh test  -- CMD...   Node, pnpm, the dependencies, and (as root, with
#                                             apt-get) Debian's chromium, redis-server and nginx
#
# Each step says what it does in one line and skips what is already done, so a second run starts
# in seconds. Written for POSIX sh, because the machine's Node may be too old to run our scripts.
# Nothing is installed system-wide except the Debian packages: Node 24 and pnpm go to the user's
# cache (~/.cache), where a later run finds them.
set -eu

what="${1:-}"
shift || true
[ "${1:-}" = "--" ] && shift
case "$what" in node | start | test) ;; *)
  echo "usage: sh scripts/bootstrap.sh node|start|test -- command..." >&2
  exit 2
  ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}"
node_cache="${CLOAKROOM_NODE_CACHE:-$cache/node24}"
pnpm_version=12.4.2
pnpm_cache="$cache/cloakroom/pnpm-$pnpm_version"
log="${TMPDIR:-/tmp}/cloakroom-setup.$$.log"
trap 'rm -f "$log"' EXIT

say() { echo "setup: $*" >&2; }

# Runs a step's command with its output in the log; on failure shows the log's end and stops.
quietly() {
  if ! "$@" >"$log" 2>&1; then
    say "failed: $*"
    tail -n 40 "$log" >&2
    exit 1
  fi
}

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)' 2>/dev/null
}

# --- Node 22.13+ (node:sqlite, type stripping, msw 3, vitest 5) -------------------------------
if ! node_ok; then
  old="$(node --version 2>/dev/null || echo none)"
  if [ ! -x "$node_cache/node_modules/.bin/node" ]; then
    command -v npm >/dev/null 2>&1 || {
      say "needs npm to install Node 24 (the machine's node: $old)"
      exit 1
    }
    say "node $old is older than 22.13: installing Node 24 into $node_cache (once)"
    quietly npm i --prefix "$node_cache" --no-audit --no-fund node@24
  fi
  PATH="$node_cache/node_modules/.bin:$PATH"
  export PATH
  [ "$what" = node ] || say "node $(node --version) from $node_cache (the machine's is $old)"
elif [ "$what" != node ]; then
  say "node $(node --version)"
fi

if [ "$what" = node ]; then exec "$@"; fi

# --- pnpm ---------------------------------------------------------------------------------------
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  if [ ! -x "$pnpm_cache/node_modules/.bin/pnpm" ]; then
    say "installing pnpm $pnpm_version into $pnpm_cache (once)"
    quietly npm i --prefix "$pnpm_cache" --no-audit --no-fund "pnpm@$pnpm_version"
  fi
  PATH="$pnpm_cache/node_modules/.bin:$PATH"
  export PATH
fi

# --- Debian packages the tests use (root with apt-get only; else those tests report skipped) ----
if [ "$what" = test ]; then
  missing=""
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing="$missing redis-server"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
  if [ -z "$missing" ]; then
    say "Debian packages chromium, redis-server, nginx: present"
  elif [ "${CLOAKROOM_SKIP_APT:-}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages:$missing (apt-get)"
    quietly apt-get update -qq
    # shellcheck disable=SC2086 # the list is meant to split into words
    DEBIAN_FRONTEND=noninteractive quietly apt-get install -y -qq --no-install-recommends $missing
  else
    say "not installing Debian packages (needs root and apt-get):$missing; the tests that need them will be reported as skipped"
  fi
fi

# --- The workspace's dependencies (skipped while the lockfile and manifests are unchanged) -------
cd "$root"
stamp="node_modules/.cloakroom-install-stamp"
fingerprint="$(
  {
    node --version
    cat pnpm-lock.yaml pnpm-workspace.yaml
    find . -name package.json -not -path '*/node_modules/*' -not -path './.git/*' | LC_ALL=C sort | xargs cat
  } | cksum
)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  say "dependencies: up to date"
else
  say "installing dependencies (pnpm install --frozen-lockfile)"
  quietly pnpm install --frozen-lockfile
  echo "$fingerprint" >"$stamp"
fi

# --- The SPA build, when missing or older than anything it is built from -----------------------
if [ "$what" = start ]; then
  built=apps/spa/dist/index.html
  # What the SPA bundles: its own sources and the workspace packages it imports.
  sources="apps/spa/src apps/spa/public apps/spa/index.html apps/spa/vite.config.ts apps/spa/package.json"
  for dir in packages/react/src packages/mocks/src packages/contract/src; do
    if [ -d "$dir" ]; then sources="$sources $dir"; fi
  done
  # shellcheck disable=SC2086 # the list is meant to split into words
  if [ -f "$built" ] && [ -z "$(find $sources -newer "$built" -print 2>/dev/null | head -n 1)" ]; then
    say "SPA build: up to date"
  else
    say "building the SPA (vite build)"
    quietly pnpm --filter @cloakroom/spa build
  fi
fi

exec "$@"
