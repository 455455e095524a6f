#!/usr/bin/env bash
# npm run bench: build, then measure the built API against the generated catalogue.
#   BENCH_DURATION=5 BENCH_LISTINGS=20000 npm run bench    # a quick trial
#   npm run bench -- --explain                             # the plans of the scenarios' SQL
#   npm run bench -- --only "search kk,search ru"          # some scenarios
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build
exec node -r ts-node/register/transpile-only test/bench/bench.ts "$@"
