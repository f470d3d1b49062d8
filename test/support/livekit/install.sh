#!/usr/bin/env bash
# Builds the pinned LiveKit server with the machine's Go, from its Go module (the Go module
# proxy), into a cache folder outside the repository; does nothing when that version is
# already there. Prints the binary's path on its last line.
#   bash test/support/livekit/install.sh
#   LIVEKIT_VERSION=v1.13.11 LIVEKIT_CACHE=/var/cache/egov-box/livekit bash test/support/livekit/install.sh
set -euo pipefail
# v1.13.5 is the newest release `go install` can build: from v1.13.6 on, LiveKit's go.mod
# replaces pion's webrtc, dtls and ice with forks that the Go module proxy does not serve
# ("403 … This module version is not available"), and `go install pkg@version` refuses a
# module with replace directives anyway.
VERSION="${LIVEKIT_VERSION:-v1.13.5}"
CACHE="${LIVEKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egov-box/livekit}"
BIN="$CACHE/$VERSION/livekit-server"

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "livekit: no Go toolchain on PATH (the machine's Go builds LiveKit)" >&2; exit 1; }
mkdir -p "$CACHE/$VERSION"
t0=$(date +%s)
echo "livekit: building github.com/livekit/livekit-server $VERSION with $(go version | cut -d' ' -f3) (a few minutes, once)" >&2
tmp=$(mktemp -d "$CACHE/$VERSION/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" GOFLAGS=-buildvcs=false CGO_ENABLED=0 go install -trimpath "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mv "$tmp/server" "$BIN"
echo "livekit: built in $(( $(date +%s) - t0 )) s: $BIN" >&2
echo "$BIN"
