#!/usr/bin/env bash
# Makes this machine ready to build, run and test MH-ALL: checks the .NET SDK, installs PostgreSQL and
# RabbitMQ from the distribution's packages when they are missing (as root; otherwise says what to run),
# and restores the solution's packages. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required: see https://learn.microsoft.com/dotnet/core/install/linux" >&2
  exit 1
fi
sdk_major=$(dotnet --version | cut -d. -f1)
if [ "$sdk_major" -lt 10 ]; then
  echo "The .NET SDK 10 or newer is required (found $(dotnet --version))." >&2
  exit 1
fi

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # The servers are started by the AppHost and the tests on ports of their own, never as system services.
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    echo "or run PostgreSQL and RabbitMQ yourself and use the 'external' infrastructure mode (see README)." >&2
    exit 1
  fi
fi
command -v setpriv >/dev/null 2>&1 || { echo "setpriv (package util-linux) is required" >&2; exit 1; }

say "Restoring packages"
dotnet restore MhAll.sln --verbosity quiet
