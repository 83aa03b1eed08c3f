#!/bin/sh
# Runs smtp4dev (a local SMTP server that keeps every message it receives, with a web UI and an HTTP API) in the
# foreground, for the AppHost's executables mode and the test fixtures alike. Nothing is relayed anywhere.
#   DATA_DIR     folder for its settings (messages are kept in memory and are gone when it stops)
#   SMTP_PORT    SMTP port (127.0.0.1 only)
#   HTTP_PORT    port of the web UI and the API (/api/messages), 127.0.0.1 only
# smtp4dev is a .NET tool of the repository's manifest (dotnet-tools.json); `dotnet tool restore` installs it.
set -eu
: "${DATA_DIR:?}" "${SMTP_PORT:?}" "${HTTP_PORT:?}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"   # the tool manifest is found from here
mkdir -p "$DATA_DIR"
export HOME="$DATA_DIR" XDG_CONFIG_HOME="$DATA_DIR" DOTNET_CLI_TELEMETRY_OPTOUT=1
if ! dotnet tool run smtp4dev -- --help >/dev/null 2>&1; then
  dotnet tool restore >/dev/null
fi
exec dotnet tool run smtp4dev -- \
  --smtpport="$SMTP_PORT" --bindaddress=127.0.0.1 --urls="http://127.0.0.1:$HTTP_PORT" \
  --imapport=0 --pop3port=0 --db= --baseappdatapath="$DATA_DIR" --nousersettings \
  --hostname=localhost --tlsmode=None --relaysmtpserver= --messagestokeep=1000
