# Debian's Chromium for the dashboard's browser tests (Playwright drives it; it cannot download a browser of its own here).
require_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    return
  fi
  echo "Installing Chromium for the dashboard's browser tests (apt-get)…" >&2
  local sudo=""
  if [[ "$(id -u)" != "0" ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [[ -x /usr/bin/chromium ]] || { echo "Chromium is still missing after apt-get: the browser tests cannot run." >&2; exit 1; }
}
