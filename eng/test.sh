#!/usr/bin/env bash
# Sets up what is missing, builds everything (warnings are errors), then runs every test tier in turn:
# unit, service (real PostgreSQL), messaging faults (real PostgreSQL and RabbitMQ), and system (the real AppHost).
# Each tier starts the servers it needs from eng/*.sh and stops them when done. One at a time: 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/setup.sh

echo "==> Building"
dotnet build MhAll.sln --no-restore --nologo -clp:ErrorsOnly

passed=0; failed=0; status=0
for project in MhAll.UnitTests MhAll.ServiceTests MhAll.Messaging.Tests MhAll.SystemTests; do
  echo "==> $project"
  log=$(mktemp)
  set +e
  dotnet test "tests/$project" --no-build --nologo 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1 || true)
  rm -f "$log"
  if [ -z "$summary" ]; then
    echo "$project ran no tests or did not finish (exit $code)"; status=1; continue
  fi
  failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")))
  passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")))
  [ "$code" -eq 0 ] || status=1
done

echo
echo "Tests: $passed passed, $failed failed"
exit $status
