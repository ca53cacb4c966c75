#!/usr/bin/env bash
# Validates docker-compose.yml with whichever Compose is installed: the Docker CLI plugin
# (`docker compose`) or a standalone `docker-compose` (v2, or Debian bookworm's 1.29 package:
# `apt-get install docker-compose`). `config` only parses and interpolates, so no Docker engine
# is needed. With no Compose at all it prints a SKIP line and passes: the machine lacks a tool,
# the file is not wrong.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=docker-compose.yml

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "[compose] SKIP: no Compose tool found (docker compose plugin or docker-compose);" \
    "$file was not validated. On Debian: apt-get install docker-compose"
  exit 0
fi
echo "[compose] validating $file with: $("${compose[@]}" version 2>/dev/null | head -n1)"

# Validate as a fresh machine sees it: defaults only, no .env and none of Docent's variables.
# (An empty --env-file keeps a developer's own .env out of the check.)
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
run() {
  env -u PORT -u POSTGRES_USER -u POSTGRES_PASSWORD -u POSTGRES_DB -u LLM_PROVIDER -u LLM_MODEL \
    -u OPENAI_API_KEY -u OPENAI_BASE_URL -u EMBEDDING_MODEL -u ALLOW_MODEL_DOWNLOADS \
    -u DOCENT_API_KEY -u MAX_UPLOAD_MB -u SCALE_PORT -u LLM_SERVER_MODEL -u LLM_SERVER_SLOTS \
    -u EMBEDDING_BASE_URL -u EMBEDDING_API_KEY -u METRICS_TOKEN -u LOG_FORMAT \
    "${compose[@]}" --env-file "$empty" -f "$file" "$@"
}
run config --quiet
services=$(run config --services | sort | tr '\n' ' ')
# Compose 1.x lists the services of every profile here; v2 only the active ones.
if [ "$services" != "db docent " ] && [ "$services" != "db docent docent-b llm proxy " ]; then
  echo "[compose] FAIL: expected services 'db docent' (plus profiled docent-b llm proxy), found '$services'" >&2
  exit 1
fi
# The scale-out profile: a second instance and the proxy in front of both (docs/deploy.md).
run --profile scale config --quiet
scaled=$(run --profile scale config --services | sort | tr '\n' ' ')
for service in db docent docent-b proxy; do
  if [[ " $scaled" != *" $service "* ]]; then
    echo "[compose] FAIL: --profile scale lacks the service $service (found '$scaled')" >&2
    exit 1
  fi
done
run --profile scale --profile llm-server config --quiet
# The database URL must point at the db service with the default credentials.
# (Captured first: with pipefail, grep -q closing the pipe early would fail the check.)
resolved=$(run config)
if ! grep -q 'DATABASE_URL: postgres://docent:docent@db:5432/docent' <<<"$resolved"; then
  echo "[compose] FAIL: DATABASE_URL does not resolve to postgres://docent:docent@db:5432/docent" >&2
  exit 1
fi
echo "[compose] OK: $file is valid (services: ${services% })"
