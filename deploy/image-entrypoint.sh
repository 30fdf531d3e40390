#!/bin/sh
# The image's entrypoint (behind tini). The image has no embedded PostgreSQL: without DATABASE_URL,
# `serve` and `migrate` stop here with a clear message instead of failing to create one in /app.
case "${1:-serve}" in
  serve|migrate)
    if [ -z "${DATABASE_URL:-}" ]; then
      echo 'warroom: this image has no embedded PostgreSQL: set DATABASE_URL (postgres://user:password@host:5432/db)' >&2
      exit 64
    fi ;;
esac
exec node /app/bin/warroom.js "$@"
