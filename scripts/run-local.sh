#!/usr/bin/env bash
# Runs the app locally in standalone mode: Azurite with its data under .azurite/ (ignored by git), then the app on
# http://localhost:7071 (override with TTHC_URLS) with the local trigger runner firing timers and queues. When the
# store has no plan yet, the sample Tiền Giang registry, its 2022 plan and a synthetic year of progress and feedback are
# loaded (samples/TthcServerless.Samples), then a demo plan re-dated to this year (scripts/lib/load-samples.mjs).
# Ctrl+C stops the app, and Azurite with it.
#
# Settings: the "Values" of local.settings.json (copy local.settings.sample.json) are exported first, as Core Tools
# would; variables already set in the environment win over them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/scripts/lib/prerequisites.sh"
require_dotnet
require_node
install_azurite

# local.settings.json Values → environment, without overriding what the caller set.
if [[ -f local.settings.json ]]; then
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    if [[ -z "${!name+x}" ]]; then
      export "$name=$value"
    fi
  done < <(node -e '
    const values = JSON.parse(require("fs").readFileSync("local.settings.json", "utf8")).Values || {};
    for (const [k, v] of Object.entries(values)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) process.stdout.write(k + "\0" + String(v) + "\0");
    }')
fi

blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for port in "$blob_port" "$queue_port" "$table_port"; do
  if port_open "$port"; then
    echo "Port $port is already in use (another Azurite?). Stop it, or set AZURITE_BLOB_PORT/AZURITE_QUEUE_PORT/AZURITE_TABLE_PORT." >&2
    exit 1
  fi
done

mkdir -p .azurite
node node_modules/azurite/dist/src/azurite.js \
  --location .azurite \
  --disableTelemetry \
  --skipApiVersionCheck \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  > .azurite/azurite.log 2>&1 &
azurite_pid=$!

stop_azurite() {
  if kill -0 "$azurite_pid" 2>/dev/null; then
    echo "Stopping Azurite…" >&2
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
}
trap stop_azurite EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 100); do
  if port_open "$blob_port" && port_open "$queue_port" && port_open "$table_port"; then
    break
  fi
  if ! kill -0 "$azurite_pid" 2>/dev/null; then
    echo "Azurite failed to start; see .azurite/azurite.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "Azurite is listening (blob $blob_port, queue $queue_port, table $table_port); data in .azurite/" >&2

account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
if [[ -z "${AzureWebJobsStorage:-}" || "${AzureWebJobsStorage}" == "UseDevelopmentStorage=true" ]]; then
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${account_key};BlobEndpoint=http://127.0.0.1:${blob_port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue_port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table_port}/devstoreaccount1;"
fi
export FUNCTIONS_WORKER_RUNTIME="${FUNCTIONS_WORKER_RUNTIME:-custom}"
export Tthc__Province="${Tthc__Province:-tien-giang}"
# Local runs only: webhooks may point at a receiver on this machine over http (never set in a deployed environment).
export Tthc__Webhooks__AllowLoopbackHttp="${Tthc__Webhooks__AllowLoopbackHttp:-true}"
# A value already in the environment is kept; otherwise a development key, printed so curl examples work.
export Tthc__AdminApiKey="${Tthc__AdminApiKey:-tthc-local-admin-key-change-me}"
echo "Admin API key (X-Api-Key): ${Tthc__AdminApiKey}" >&2
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
unset FUNCTIONS_CUSTOMHANDLER_PORT

# An empty store first gets the sample registry, the 2022 plan and its synthetic year of progress and PAKN cases
# (samples/README.md): the real app runs in a loader process with its clock moved through 2022. About a minute, once.
echo "Loading the sample year into an empty store (first run only; a store with a plan is left alone)…" >&2
dotnet run --project samples/TthcServerless.Samples/TthcServerless.Samples.csproj -- "$AzureWebJobsStorage"

urls="${TTHC_URLS:-http://localhost:7071}"
first_url="${urls%%;*}"
node scripts/lib/load-samples.mjs "$first_url" "$Tthc__AdminApiKey" &
samples_pid=$!
trap 'kill "$samples_pid" 2>/dev/null || true; stop_azurite' EXIT

echo "Starting the app on $urls (health: $first_url/api/health). Ctrl+C stops it." >&2
dotnet run --project functions/TthcServerless.Functions/TthcServerless.Functions.csproj -- --urls "$urls"
