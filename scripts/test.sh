#!/usr/bin/env bash
# Runs every test of the solution. Installs what is missing first (Azurite from package-lock.json), so it works on a
# fresh machine with only the .NET 10 SDK and Node.js 20+. The integration tests start one Azurite for the whole run
# themselves (in memory, free ports, telemetry off) and always stop it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/scripts/lib/prerequisites.sh"
require_dotnet
require_node
install_azurite

dotnet test --solution TthcServerless.sln "$@"
