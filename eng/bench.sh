#!/usr/bin/env bash
# Runs the benchmarks (messaging, learning, participation, mentoring, training and panel, or the one named; Release build,
# durable PostgreSQL and RabbitMQ of their own where a service needs them; mentoring and panel run in process) and writes the figures
# to tests/MhAll.Benchmarks/results/. Not part of the tests: figures depend on the machine. Pass --quick for a short run.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/setup.sh
dotnet build tests/MhAll.Benchmarks -c Release --nologo -clp:ErrorsOnly
exec dotnet run -c Release --no-build --project tests/MhAll.Benchmarks -- "$@"
