#!/bin/sh
# Runs a command with a Node.js new enough for Cloakroom (22.13+): when the `node` on PATH is
# older, Node 24 is installed once from the npm registry into ~/.cache/node24 and put first on
# PATH for this command and its children. (`npm start` and `npm test` do the rest of the set-up.)
exec sh "$(dirname "$0")/bootstrap.sh" node -- "$@"
