#!/usr/bin/env bash
# Installs (from Debian's packages) and starts what the tests need on this machine:
# PostgreSQL on 127.0.0.1:5432 (user postgres, no password over loopback), Redis on
# 127.0.0.1:6379, Chromium for the browser tests, libfaketime for the date matrix and OpenLDAP's
# slapd (not started here: the directory tests start their own).
# Idempotent: each step is skipped when its result is already there, so a second run takes
# a second or two. Needs root (apt-get, pg_ctlcluster); CI and the developer machines run as root.
#   bash scripts/services.sh            everything
#   bash scripts/services.sh --no-browser   without Chromium
set -uo pipefail

want_browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    *) echo "services: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf 'services: %s\n' "$*"; }
t0=$(date +%s)

# --- packages ---------------------------------------------------------------------------
need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
  || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# pdfinfo, pdffonts, pdftotext: the minutes' PDF/A checks (test/council/minutes)
command -v pdfinfo >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 \
  || need+=(faketime)
# slapd + ldap-utils: the directory sign-in tests start an OpenLDAP server of their own (test/support/ldap-server.ts)
[ -x /usr/sbin/slapd ] && [ -x /usr/sbin/slapadd ] || need+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need+=(ldap-utils)
# openssl: the directory TLS test makes its own certificate authority
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium fonts-dejavu-core); fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { log "apt-get update failed"; exit 1; }
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/egov-services-apt.log 2>&1 \
    || { log "apt-get install failed (see /tmp/egov-services-apt.log)"; tail -20 /tmp/egov-services-apt.log; exit 1; }
fi

# --- PostgreSQL -------------------------------------------------------------------------
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >/dev/null || { log "pg_createcluster failed"; exit 1; }
fi
hba="/etc/postgresql/$version/main/pg_hba.conf"
changed=0
# The tests connect as postgres over loopback without a password: trust loopback only. Done
# whether or not the server already runs (Debian's package may have started it on install).
if ! grep -q '^# egov-box: trust loopback' "$hba"; then
  tmp=$(mktemp)
  {
    echo '# egov-box: trust loopback (test machine; see scripts/services.sh)'
    echo 'host    all             all             127.0.0.1/32            trust'
    echo 'host    all             all             ::1/128                 trust'
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba" && rm -f "$tmp"
  changed=1
fi
conf="/etc/postgresql/$version/main/conf.d/egov-box.conf"
if [ ! -f "$conf" ]; then
  mkdir -p "$(dirname "$conf")"
  printf "listen_addresses = '127.0.0.1'\nmax_connections = 300\nfsync = off\nsynchronous_commit = off\n" >"$conf"
  changed=1
fi
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  # Running already: a restart takes the new settings (max_connections needs one).
  [ "$changed" = 1 ] && pg_ctlcluster --skip-systemctl-redirect "$version" main restart >/dev/null 2>&1
else
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1
fi
for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
if psql -h 127.0.0.1 -U postgres -d postgres -qAtc 'select 1' >/dev/null 2>&1; then
  log "PostgreSQL $version ready on 127.0.0.1:5432"
else
  log "PostgreSQL did not come up on 127.0.0.1:5432 (see /var/log/postgresql/)"; exit 1
fi

# --- Redis ------------------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/egov-box.log >/dev/null
  for _ in $(seq 1 60); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "Redis ready on 127.0.0.1:6379"
else
  log "Redis did not come up on 127.0.0.1:6379"; exit 1
fi

[ "$want_browser" = 1 ] && { [ -x /usr/bin/chromium ] && log "Chromium at /usr/bin/chromium" || { log "no Chromium"; exit 1; }; }
log "done in $(( $(date +%s) - t0 )) s"
