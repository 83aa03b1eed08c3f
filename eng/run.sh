#!/usr/bin/env bash
# Sets up what is missing, then starts the whole system with the Aspire AppHost: PostgreSQL, RabbitMQ, smtp4dev, the
# five services, the gateway and the dashboard. Stop with Ctrl+C. Extra arguments go to the AppHost, e.g.
#   eng/run.sh --Infrastructure:Mode=external
set -euo pipefail
cd "$(dirname "$0")/.."
eng/setup.sh
cat <<'INFO'
==> Starting MH-ALL. When the dashboard says every resource is healthy:
    dashboard:  the "Login to the dashboard" link printed below
    API docs:   http://localhost:5200/docs
    a token:    curl -s -X POST http://localhost:5200/dev/token -H 'content-type: application/json' -d '{"role":"volunteer"}'
INFO
exec dotnet run --project AppHost --launch-profile http -- "$@"
