#!/usr/bin/env bash
# Installs what the queue-mode test needs, offline-safe: Debian's Redis and PostgreSQL (apt) when
# missing. Nothing is started or enabled: the test runs its own servers on free ports, in a scratch
# folder, and stops them (there is no systemd here; the packages' postinstall starts nothing).
#
#   bash e2e/queue/install.sh
#
# Env: E2E_QUEUE_SKIP_APT=1 to never call apt-get (then a missing server is an error).
set -euo pipefail

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[queue-install %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[queue-install] ERROR: %s\n' "$*" >&2; exit 1; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start="$(now)"
missing=()
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
{ [[ -n "$(pg_bin)" && -x "$(pg_bin)/initdb" ]] && command -v psql >/dev/null; } || missing+=(postgresql)

if ((${#missing[@]})); then
	[[ "${E2E_QUEUE_SKIP_APT:-}" != 1 ]] || die "missing ${missing[*]} and E2E_QUEUE_SKIP_APT=1"
	command -v apt-get >/dev/null || die "missing ${missing[*]} and there is no apt-get to install Debian's packages"
	SUDO=()
	if [[ "$(id -u)" != 0 ]]; then
		command -v sudo >/dev/null || die "missing ${missing[*]}; installing needs root (or sudo)"
		SUDO=(sudo)
	fi
	log "installing Debian's ${missing[*]} (apt-get update + install)"
	step="$(now)"
	"${SUDO[@]}" apt-get update -q || die "apt-get update failed"
	log "apt-get update took $(since "$step") s"
	step="$(now)"
	DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" ||
		die "apt-get install ${missing[*]} failed"
	log "apt-get install took $(since "$step") s"
fi
command -v redis-server >/dev/null || die "redis-server is still missing"
[[ -x "$(pg_bin)/initdb" ]] || die "PostgreSQL's initdb is still missing"
log "redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/'), postgresql $("$(pg_bin)/postgres" --version | awk '{print $3}') ready in $(since "$start") s"
