#!/usr/bin/env bash
# Runs the event-store contract suite against a live KurrentDB.
#   bash infra/kurrentdb/contract-tests.sh
# With KURRENTDB_URL set, uses that server. Otherwise starts a throw-away container (needs Docker),
# waits for it to answer, runs the suite and removes the container.
set -euo pipefail
cd "$(dirname "$0")/../.."

container=""
if [[ -z "${KURRENTDB_URL:-}" ]]; then
  container="hub-kurrentdb-contract-$$"
  docker run -d --rm --name "$container" -p 127.0.0.1:2113:2113 \
    kurrentplatform/kurrentdb:26.1.1 --insecure --run-projections=None >/dev/null
  trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
  for _ in $(seq 1 60); do
    curl -fs http://127.0.0.1:2113/health/live >/dev/null && break
    sleep 1
  done
  export KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false'
fi

NX_DAEMON=false NX_NO_CLOUD=true npx nx run event-store:test --testPathPatterns=kurrentdb
