#!/usr/bin/env bash
# `npm run demo`: the whole marketplace on this machine with one command, given
# PostgreSQL and Redis on localhost (or wherever DATABASE_URL and REDIS_URL point).
#
#   1. installs the locked dependencies (npm ci) when node_modules is missing or stale
#   2. creates the database of DATABASE_URL if it does not exist (default: sheber)
#   3. builds, applies the migrations and loads the demo data (idempotent)
#   4. runs the API and the worker in the foreground, their logs prefixed
#
# Ctrl-C or SIGTERM stops both (each finishes its shutdown; forced after 20 s).
# Settings come from the environment, then .env, then the built-in defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -t 1 ]; then
  BOLD=$'\033[1m' DIM=$'\033[2m' CYAN=$'\033[36m' MAGENTA=$'\033[35m' RED=$'\033[31m' RESET=$'\033[0m'
else
  BOLD='' DIM='' CYAN='' MAGENTA='' RED='' RESET=''
fi
step() { printf '%s== %s%s\n' "$BOLD" "$*" "$RESET"; }
fail() {
  printf '%sdemo: %s%s\n' "$RED" "$*" "$RESET" >&2
  exit 1
}

# ---------- configuration: the environment wins over .env, as in the application
if [ -f .env ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name="${BASH_REMATCH[2]}" value="${BASH_REMATCH[3]}"
    if [[ "$value" =~ ^\"(.*)\"[[:space:]]*$ || "$value" =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value="${BASH_REMATCH[1]}"
    else
      value="${value%%[[:space:]]#*}" # an unquoted value ends at an inline comment
      value="${value%"${value##*[![:space:]]}"}"
    fi
    [ -n "${!name+set}" ] || export "$name=$value"
  done < .env
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sheber}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-0.0.0.0}"

# ---------- tools
command -v node >/dev/null || fail 'Node.js 20 or later is needed (https://nodejs.org)'
command -v npm >/dev/null || fail 'npm is needed (it comes with Node.js)'
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js 20 or later is needed, this is $(node -v)"

# ---------- dependencies
step 'dependencies'
if reason="$(node scripts/deps-up-to-date.js)"; then
  echo 'node_modules matches package-lock.json'
else
  echo "installing ($reason)"
  npm ci --include=dev --no-audit --no-fund
fi

# ---------- PostgreSQL and Redis
step 'services'
node scripts/create-db.js
node -e '
  const Redis = require("ioredis");
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => undefined);
  const deadline = Date.now() + 30000;
  (async function ping() {
    try { await redis.connect(); await redis.ping(); console.log("Redis answers at " + process.env.REDIS_URL.replace(/\/\/[^@]*@/, "//")); redis.disconnect(); }
    catch (error) {
      redis.disconnect();
      if (Date.now() > deadline) { console.error("Redis does not answer at " + process.env.REDIS_URL + ": " + error.message); process.exit(1); }
      setTimeout(ping, 1000);
    }
  })();
' || fail 'start Redis (e.g. `redis-server`) or set REDIS_URL'
node -e '
  const server = require("node:net").createServer();
  server.once("error", (e) => { console.error(e.code === "EADDRINUSE" ? `port ${process.env.PORT} is in use: stop what uses it or set PORT` : e.message); process.exit(1); });
  server.listen(Number(process.env.PORT), process.env.HOST, () => server.close());
' || fail "the API cannot listen on ${HOST}:${PORT}"

# ---------- build, migrate, seed
step 'build'
npm run --silent build
[ -f dist/main.js ] && [ -f dist/worker.js ] && [ -f dist/cli/seed.js ] || fail 'the build did not produce dist/main.js, dist/worker.js and dist/cli/seed.js'
step 'migrations'
node dist/cli/migrate.js
step 'demo data'
node dist/cli/seed.js

# ---------- API and worker
step 'starting the API and the worker (Ctrl-C stops both)'

# Job control puts each process in its own process group: Ctrl-C at the terminal
# reaches only this script, which then stops each process exactly once. Their output
# goes through scripts/demo-logs.js, which prefixes it and makes pino's JSON readable.
set -m
node dist/main.js > >(node scripts/demo-logs.js "${CYAN}api    |${RESET}") 2>&1 &
api_pid=$!
node dist/worker.js > >(node scripts/demo-logs.js "${MAGENTA}worker |${RESET}") 2>&1 &
worker_pid=$!
set +m

stopping=0
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  printf '\n%s== stopping the API and the worker%s\n' "$BOLD" "$RESET"
  kill -TERM "$api_pid" "$worker_pid" 2>/dev/null || true
}
trap stop INT TERM HUP

alive() { kill -0 "$1" 2>/dev/null; }
nap() { sleep "$1" & wait $! || true; } # `wait` returns at once when a signal arrives
# `npm run demo` starts this script through `sh -c`, and on SIGTERM npm stops that shell,
# which does not pass the signal on: when whoever started us is gone, stop as well.
launcher=$PPID
orphaned() {
  alive "$launcher" && return 1
  printf '\n%sdemo: the command that started the demo has ended%s\n' "$DIM" "$RESET"
}

base="http://localhost:${PORT}"
ready=0
for _ in $(seq 1 120); do
  [ "$stopping" = 1 ] && break
  alive "$api_pid" || break
  orphaned && stop && break
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/health" 2>/dev/null; then
    ready=1
    break
  fi
  nap 0.5
done
if [ "$ready" = 1 ]; then
  cat <<EOF

${BOLD}Sheber is running${RESET}
  API      ${base}/api/v1   (e.g. ${base}/api/v1/listings, ${base}/api/v1/associations)
  Docs     ${base}/docs     (OpenAPI JSON: ${base}/docs-json)
  Health   ${base}/health
  Queues   ${base}/admin/queues   (admins; a browser first POSTs /api/v1/admin/queues/session)
  Mail     ${MAIL_DIR:-var/mail}/*.eml   (no SMTP_URL: every e-mail is written there)

EOF
  node dist/cli/seed.js --accounts
  printf '\n%sLog in: POST %s/api/v1/auth/login {"email", "password"}. Ctrl-C stops both processes.%s\n\n' "$DIM" "$base" "$RESET"
elif [ "$stopping" = 0 ] && alive "$api_pid"; then
  printf '%sdemo: %s/health does not answer 200 after a minute; the API log above says why%s\n' "$RED" "$base" "$RESET" >&2
fi

while [ "$stopping" = 0 ] && alive "$api_pid" && alive "$worker_pid"; do
  if orphaned; then stop; else nap 1; fi
done
status=0
if [ "$stopping" = 0 ]; then
  # One of them ended on its own: stop the other, and report a failure.
  alive "$api_pid" || printf '%sdemo: the API stopped%s\n' "$RED" "$RESET" >&2
  alive "$worker_pid" || printf '%sdemo: the worker stopped%s\n' "$RED" "$RESET" >&2
  status=1
  stop
fi

deadline=$((SECONDS + 20))
while alive "$api_pid" || alive "$worker_pid"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo 'demo: still running after 20 s, killing' >&2
    kill -KILL "$api_pid" "$worker_pid" 2>/dev/null || true
    status=1
    break
  fi
  nap 0.2
done
api_status=0 worker_status=0
wait "$api_pid" 2>/dev/null || api_status=$?
wait "$worker_pid" 2>/dev/null || worker_status=$?
sleep 0.2 # let the log prefixers print the last lines
echo "API exited with ${api_status}, worker with ${worker_status}"
exit "$status"
