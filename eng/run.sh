#!/usr/bin/env bash
# Sets up what is missing, then starts the whole system with the Aspire AppHost: PostgreSQL, RabbitMQ, smtp4dev, the
# five services, the gateway and the dashboard. Stop with Ctrl+C. Extra arguments go to the AppHost, e.g.
#   eng/run.sh --Infrastructure:Mode=external
#
# Two modes (docs/decisions/0012-identity.md):
#   eng/run.sh                    development: every service in Development, development tokens from POST /dev/token
#   eng/run.sh --production-like  every service as in production: identity's tokens only, no /dev/token, no password
#                                 grant; refuses to start without the secrets a deployment gives (it names them), e.g.
#     eng/run.sh --production-like --Parameters:identity-portal-client-secret="$(openssl rand -hex 24)" \
#       --Parameters:identity-portal-redirect-uri=https://portal.example.org/signin-oidc
set -euo pipefail
cd "$(dirname "$0")/.."

mode=development
args=()
for arg in "$@"; do
  case "$arg" in
    --production-like) mode=production-like ;;
    --development) mode=development ;;
    *) args+=("$arg") ;;
  esac
done

eng/setup.sh
if [[ $mode == development ]]; then
cat <<'INFO'
==> Starting MH-ALL in development mode (eng/run.sh --production-like runs the services as in production).
    When the dashboard says every resource is healthy:
    dashboard:  the "Login to the dashboard" link printed below
    API docs:   http://localhost:5200/docs
    a token:    curl -s -X POST http://localhost:5200/dev/token -H 'content-type: application/json' -d '{"role":"volunteer"}'
INFO
else
cat <<'INFO'
==> Starting MH-ALL in production-like mode: every service and the gateway in Production. No development tokens:
    partners use client credentials at /connect/token, people the portal's sign-in (authorization code with PKCE).
    dashboard:  the "Login to the dashboard" link printed below
    API docs:   http://localhost:5200/docs
INFO
fi
exec dotnet run --project AppHost --launch-profile http -- "--Run:Mode=$mode" ${args[@]+"${args[@]}"}
