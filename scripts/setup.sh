#!/usr/bin/env bash
# Installs the dependencies at the versions in package-lock.json.
#
# mediasoup's own install downloads a prebuilt mediasoup-worker from GitHub
# (or builds one, fetching its sources from the internet). Where GitHub cannot
# be reached — government networks, these build machines — the worker is built
# offline from the mediasoup npm tarball and Debian packages by
# scripts/mediasoup-worker/build.sh, cached by version under ~/.cache/giaoban,
# and handed to the install through MEDIASOUP_WORKER_BIN (mediasoup's
# postinstall then skips its download). At run time the server finds the
# cached binary by itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

github_reachable() {
  node -e "fetch('https://github.com', { method: 'HEAD', signal: AbortSignal.timeout(5000) })
    .then(() => process.exit(0), () => process.exit(1))"
}

if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
  log "using the given MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN"
elif github_reachable; then
  log "github.com is reachable: mediasoup installs its prebuilt worker"
else
  log "github.com is unreachable: using the offline mediasoup-worker build"
  MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker/build.sh)"
  export MEDIASOUP_WORKER_BIN
fi

# `npm install`, not `npm ci`: the registry mirror these machines use holds
# only the linux-x64 builds of packages with per-platform binaries (Biome,
# Rollup), so the lockfile cannot list the other platforms' optional packages,
# and `npm ci` refuses such a lockfile. `npm install` installs exactly the
# locked versions all the same.
npm install --no-audit --no-fund
log "done; start with \`npm start\`, test with \`npm test\`"
