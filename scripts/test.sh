#!/usr/bin/env bash
# Runs every check and test of the solution. Installs what is missing first (Azurite from package-lock.json, the Bicep
# compiler from NuGet), so it works on a fresh machine with only the .NET 10 SDK and Node.js 20+. The infrastructure
# code must build and lint without a warning; then the integration tests start one Azurite for the whole run
# themselves (in memory, free ports, telemetry off) and always stop it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/scripts/lib/prerequisites.sh"
source "$root/scripts/lib/infra.sh"
require_dotnet
require_node
install_azurite
# LibreOffice, openpyxl and poppler for the workbook tests (they fail, never skip, without them).
bash "$root/scripts/install-test-tools.sh"

check_infra

dotnet test --solution TthcServerless.sln "$@"
