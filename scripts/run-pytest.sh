#!/usr/bin/env bash
# Runs the suite; pytest's exit 5 ("no tests collected") is a failure, never a pass.
set -uo pipefail
python=$1; shift
"$python" -m pytest --cov --cov-report=term-missing:skip-covered --cov-fail-under=80 "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "error: pytest collected no tests (exit 5); treating as a failure" >&2
  exit 1
fi
exit "$rc"
