# Shared checks for the scripts: what a fresh machine needs, installed where we can, explained where we cannot.

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
    exit 1
  fi
}

require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Node.js 20+ with npm is required for Azurite (the Azure Storage emulator)." >&2
    exit 1
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( major < 20 )); then
    echo "Node.js 20+ is required for Azurite; found $(node --version)." >&2
    exit 1
  fi
}

# Azurite is the only npm dependency, pinned in package-lock.json.
# npm packages from package-lock.json: Azurite, and ECharts that the build embeds in the dashboard.
install_azurite() {
  if [[ ! -f "$root/node_modules/azurite/dist/src/azurite.js" || ! -f "$root/node_modules/echarts/dist/echarts.min.js" ]]; then
    echo "Installing npm packages: Azurite, ECharts (npm ci)…" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
