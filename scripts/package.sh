#!/usr/bin/env bash
# Builds the deployment package the Azure Functions host runs (docs/hosting.md H10):
#   <out>/app/                 the staged folder: host.json and one folder per function at the root, next to the
#                              self-contained linux-x64 apphost named in host.json (ReadyToRun for cold start)
#   <out>/tthc-functions.zip   the same folder zipped on Linux, keeping the apphost's executable bit
# Usage: scripts/package.sh [out-dir]   (default: artifacts/package)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/package}"
project="$root/functions/TthcServerless.Functions/TthcServerless.Functions.csproj"

rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

dotnet publish "$project" \
  --configuration Release \
  --runtime linux-x64 \
  --self-contained true \
  -p:PublishReadyToRun=true \
  --output "$out/app" \
  --nologo -v quiet -nodeReuse:false

# Never ship developer settings: they hold secrets by convention.
find "$out/app" -name 'local.settings*.json' -delete

executable="$(sed -n 's/.*"defaultExecutablePath": *"\([^"]*\)".*/\1/p' "$out/app/host.json")"
if [[ -z "$executable" || ! -f "$out/app/$executable" ]]; then
  echo "package: host.json names '$executable', which publish did not produce" >&2
  exit 1
fi
chmod +x "$out/app/$executable"

if ! command -v zip >/dev/null 2>&1; then
  echo "package: installing zip" >&2
  (apt-get update -qq && apt-get install -y -qq zip) >/dev/null
fi
# Info-ZIP keeps Unix mode bits, so the apphost stays executable on the Linux host.
(cd "$out/app" && zip -q -r -X "$out/tthc-functions.zip" .)

echo "$out/tthc-functions.zip"
