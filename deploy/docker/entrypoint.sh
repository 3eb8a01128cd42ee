#!/bin/sh
# The image's entrypoint (under tini). Runs one service: node dist/services/$SERVICE/src/main.js "$@".
#   serve (default) | migrate | verify-audit | dead-letters | replay-dead-letters |
#   republish-outbox | delete-event-stream --confirm |
#   seed-demo (identity) | rotate-personal-data (approval-window)   passed on to the service's main.js
#   yiti-ops ...  the operators' CLI (doctor, backup, audit verify…; yiti-ops --help), SERVICE not needed
#   migrate-all   every service's `migrate` in turn (each creates the database if missing,
#                 applies its own schema's migrations as DATABASE_OWNER_URL and grants the role of
#                 <SERVICE>_DATABASE_URL, e.g. IDENTITY_DATABASE_URL, when set), then identity's
#                 `seed-demo` when SEED_DEMO=true; SERVICE is not needed. Stops at the first failure.
# For a shell: docker run --entrypoint sh ...
set -eu

services_dir=/app/dist/services

# The service's own database URL in migrate-all: <NAME>_DATABASE_URL (approval-window: APPROVAL_WINDOW_DATABASE_URL), else DATABASE_URL.
database_url_of() {
  variable="$(echo "$1" | tr 'a-z-' 'A-Z_')_DATABASE_URL"
  eval "url=\${$variable:-}"
  echo "${url:-${DATABASE_URL:-}}"
}

main_of() {
  main="$services_dir/$1/src/main.js"
  if [ ! -f "$main" ]; then
    echo "entrypoint: this image has no service \"$1\" (it has: $(ls "$services_dir" | tr '\n' ' '))" >&2
    exit 64
  fi
  echo "$main"
}

if [ "${1:-}" = yiti-ops ]; then
  shift
  exec node /app/dist/tools/ops/main.js "$@"
fi

if [ "${1:-}" = migrate-all ]; then
  case "${SEED_DEMO:-false}" in
    true | TRUE | True | 1 | yes) seed=true ;;
    false | FALSE | False | 0 | no | '') seed=false ;;
    *)
      echo "entrypoint: SEED_DEMO must be true or false, not \"$SEED_DEMO\"" >&2
      exit 64
      ;;
  esac
  for dir in "$services_dir"/*/; do
    name=$(basename "$dir")
    [ -f "$dir/src/main.js" ] || continue
    echo "entrypoint: migrating $name" >&2
    DATABASE_URL="$(database_url_of "$name")" node "$dir/src/main.js" migrate
  done
  if [ "$seed" = true ]; then
    echo "entrypoint: seeding the demo county (SEED_DEMO=$SEED_DEMO)" >&2
    identity=$(main_of identity)
    DATABASE_URL="$(database_url_of identity)" node "$identity" seed-demo
  fi
  exit 0
fi

if [ -z "${SERVICE:-}" ]; then
  echo "entrypoint: set SERVICE to one of: $(ls "$services_dir" | tr '\n' ' ')(docker run -e SERVICE=... or --build-arg SERVICE=...)" >&2
  exit 64
fi
main=$(main_of "$SERVICE")
exec node "$main" "$@"
