#!/usr/bin/env bash
# Installs what the browser test needs, offline-safe: Debian's chromium (apt) when /usr/bin/chromium
# is missing, and playwright-core from this folder's lockfile (npm ci --ignore-scripts: playwright-core
# has no install script and downloads no browser; the test drives /usr/bin/chromium).
#
#   bash e2e/browser/install.sh
#
# Env: CHROMIUM (default /usr/bin/chromium) to use another binary; E2E_BROWSER_SKIP_APT=1 to never
# call apt-get (then a missing chromium is an error).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[browser-install %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[browser-install] ERROR: %s\n' "$*" >&2; exit 1; }

start="$(now)"
if [[ -x "$CHROMIUM" ]]; then
	log "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
else
	[[ "${E2E_BROWSER_SKIP_APT:-}" != 1 ]] || die "$CHROMIUM is missing and E2E_BROWSER_SKIP_APT=1"
	command -v apt-get >/dev/null || die "$CHROMIUM is missing and there is no apt-get to install Debian's chromium"
	SUDO=()
	if [[ "$(id -u)" != 0 ]]; then
		command -v sudo >/dev/null || die "$CHROMIUM is missing; installing it needs root (or sudo)"
		SUDO=(sudo)
	fi
	log "installing Debian's chromium (apt-get update + install)"
	step="$(now)"
	"${SUDO[@]}" apt-get update -q || die "apt-get update failed"
	log "apt-get update took $(since "$step") s"
	step="$(now)"
	DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium fonts-liberation ||
		die "apt-get install chromium failed"
	log "apt-get install chromium took $(since "$step") s"
	[[ -x "$CHROMIUM" ]] || die "apt-get installed chromium but $CHROMIUM is still missing"
	log "chromium installed: $("$CHROMIUM" --version 2>/dev/null)"
fi

step="$(now)"
STAMP="$DIR/node_modules/.e2e-stamp"
HASH="$(cat "$DIR/package.json" "$DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$HASH" && -f "$DIR/node_modules/playwright-core/package.json" ]]; then
	log "playwright-core up to date ($(node -p "require('$DIR/node_modules/playwright-core/package.json').version"))"
else
	(cd "$DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci in $DIR failed"
	echo "$HASH" >"$STAMP"
	log "playwright-core $(node -p "require('$DIR/node_modules/playwright-core/package.json').version") installed in $(since "$step") s"
fi
log "done in $(since "$start") s"
