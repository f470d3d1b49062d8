#!/usr/bin/env bash
# Installs the pinned veraPDF (the PDF/A validator: its command line, greenfield parser) from
# Maven Central with the machine's Maven: `mvn dependency:copy-dependencies` on pom.xml (next to
# this script) copies its jars into a cache folder outside the repository, with a launcher
# `verapdf` beside them; does nothing when that version is already there. Prints the
# launcher's path on its last line. At run time only `java` and the cache folder are needed.
#   bash test/support/verapdf/install.sh
#   VERAPDF_VERSION=1.28.1 VERAPDF_CACHE=/var/cache/egov-box/verapdf bash test/support/verapdf/install.sh
#   "$(bash test/support/verapdf/install.sh | tail -n 1)" --flavour 2a --format mrr minutes.pdf
set -euo pipefail
# 1.28.2 is the newest org.verapdf.apps:greenfield-apps on Maven Central (1.30.x of the
# libraries is there, not yet the apps); every dependency of it resolves from Maven Central
# (1.26.2's does not: its org.verapdf.apps:gui is only in veraPDF's own repository).
VERSION="${VERAPDF_VERSION:-1.28.2}"
CACHE="${VERAPDF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egov-box/verapdf}"
DIR="$CACHE/$VERSION"
BIN="$DIR/verapdf"
HERE="$(cd "$(dirname "$0")" && pwd)"

# Installed: the launcher and the main jar are there (no JVM started to check: slow on 2 cores).
if [ -x "$BIN" ] && [ -f "$DIR/lib/greenfield-apps-$VERSION.jar" ]; then
  echo "$BIN"
  exit 0
fi
command -v java >/dev/null 2>&1 || { echo "verapdf: no java on PATH (veraPDF is a Java program)" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "verapdf: no mvn on PATH (the machine's Maven fetches veraPDF from Maven Central)" >&2; exit 1; }
mkdir -p "$DIR"
t0=$(date +%s)
echo "verapdf: copying org.verapdf.apps:greenfield-apps:$VERSION and its dependencies from Maven Central (once)" >&2
tmp=$(mktemp -d "$DIR/install.XXXXXX")
trap 'rm -rf "$tmp"; rmdir "$DIR" 2>/dev/null || true' EXIT
# The runtime classpath only. Maven's output goes to stderr (the last line of stdout is the
# path), without the colour resets Maven 3.8's -q prints anyway.
mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
  -Dverapdf.version="$VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp/lib" 2>&1 |
  sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2
[ -f "$tmp/lib/greenfield-apps-$VERSION.jar" ] || { echo "verapdf: greenfield-apps-$VERSION.jar was not copied" >&2; exit 1; }
# GreenfieldCliWrapper: the command line (org.verapdf.cli.VeraPdfCli) with the greenfield
# parser and validation model initialised; the jar's own Main-Class is the GUI. app.home: its
# config files go to <cache>/<version>/config, not ~/.verapdf. The client compiler only and
# the serial collector: the JVM starts about twice as fast on a small machine (a validation is
# short; the optimising compiler would not pay off).
cat >"$tmp/verapdf" <<'SH'
#!/bin/sh
# veraPDF's command line, installed by test/support/verapdf/install.sh: verapdf --help
DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec java ${VERAPDF_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Dapp.home="$DIR" \
  -cp "$DIR/lib/*" org.verapdf.apps.GreenfieldCliWrapper "$@"
SH
chmod +x "$tmp/verapdf"
rm -rf "$DIR/lib"
mv "$tmp/lib" "$DIR/lib"
mv "$tmp/verapdf" "$BIN"
echo "verapdf: installed in $(( $(date +%s) - t0 )) s: $BIN" >&2
echo "$BIN"
