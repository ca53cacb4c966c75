#!/usr/bin/env bash
# Installs what a fresh machine lacks for Docent's tests: PostgreSQL 15 with pgvector
# (built from Debian's newer source package, since bookworm has no binary) and Chromium.
# Idempotent: each step checks before it works.
set -euo pipefail

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export DEBIAN_FRONTEND=noninteractive

need_apt=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql)
[ -x "$PG_CONFIG" ] && [ -d "$($PG_CONFIG --includedir-server 2>/dev/null)" ] || need_apt+=(postgresql-server-dev-15)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v make >/dev/null || need_apt+=(build-essential)
# docker-compose (v1) only parses and validates docker-compose.yml here; no engine runs.
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || need_apt+=(docker-compose)
# Fonts so that screenshots of pages show text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[install] apt packages: ${need_apt[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

if [ ! -f "$($PG_CONFIG --sharedir)/extension/vector.control" ]; then
  echo "[install] building pgvector from Debian's source package"
  # A deb-src-only entry for trixie beside the machine's own Debian source: source packages
  # only, so no installed binary package is ever upgraded. The mirror is read from the
  # machine's existing configuration rather than written here.
  src_list=/etc/apt/sources.list.d/docent-trixie-src.sources
  if [ ! -f "$src_list" ]; then
    mirror=$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}' || true)
    if [ -z "$mirror" ]; then
      mirror=$(grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}')
    fi
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$mirror" "$keyring" >"$src_list"
  fi
  apt-get update -q
  command -v dpkg-source >/dev/null || apt-get install -y -q --no-install-recommends dpkg-dev
  work=$(mktemp -d)
  (cd "$work" && apt-get source -q pgvector)
  dir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  make -C "$dir" PG_CONFIG="$PG_CONFIG" >/dev/null
  make -C "$dir" PG_CONFIG="$PG_CONFIG" install >/dev/null
  rm -rf "$work"
fi
echo "[install] system packages ready"
