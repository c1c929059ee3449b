#!/usr/bin/env bash
# Memory of ticket-web under simultaneous guest-list uploads: starts a
# release ticket-web on a fresh SQLite database, logs an admin in, then sends
# N (default 16) uploads of one CSV of about 19 MiB (190,000 guests) to the
# import preview at once, and samples the server's resident memory every
# 0.1 s. Prints the answers' status codes, the memory before, at the peak and
# AFTER (default 5) s after the last answer, and how long the uploads took.
#
# Usage: benches/load/uploads.sh [UPLOADS]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-16}"
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release -q -p ticket-web -p ticket-cli
work="$(mktemp -d)"
trap 'kill "$server" "$sampler" 2>/dev/null || true; rm -rf "$work"' EXIT
export TICKET_DATABASE_URL="sqlite://$work/uploads.db"
cli=target/release/ticket-cli
"$cli" event create "Ball" --slug ball >/dev/null
echo "admin-password" | "$cli" user add admin --role admin --password-stdin >/dev/null
python3 - "$work/guests.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Email\n")
    for i in range(190000):
        f.write(f"Guest Number {i:06} Middlename Lastname-Doublename,"
                f"guest.number.{i:06}.lastname@a-longer-domain-example.org\n")
PY
size="$(du -m "$work/guests.csv" | cut -f1)"
port=18125
TICKET_LISTEN="127.0.0.1:$port" RUST_LOG=warn target/release/ticket-web >"$work/web.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"
curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -H "Origin: $url" \
  --data-urlencode name=admin --data-urlencode password=admin-password "$url/login"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
before="$(rss)"
( while kill -0 "$server" 2>/dev/null; do rss; sleep 0.1; done ) > "$work/rss.txt" &
sampler=$!
start="$(date +%s.%N)"
pids=()
for i in $(seq "$n"); do
  curl -s -b "$work/jar" -o /dev/null -w "%{http_code}\n" -H "Origin: $url" \
    -F "file=@$work/guests.csv;filename=guests.csv" "$url/events/ball/import" > "$work/status.$i" &
  pids+=("$!")
done
wait "${pids[@]}"
took="$(python3 -c "import time,sys; print('%.1f' % (time.time() - float(sys.argv[1])))" "$start")"
sleep "${AFTER:-5}"
after="$(rss)"
kill "$sampler" 2>/dev/null || true
peak="$(sort -n "$work/rss.txt" | tail -1)"
echo "$n uploads of a ${size} MiB CSV at once, answered in ${took} s: $(cat "$work"/status.* | sort | uniq -c | awk '{printf "%s× %s ", $1, $2}')"
echo "ticket-web resident memory: ${before} MB before, ${peak} MB at the peak, ${after} MB ${AFTER:-5} s after the last answer"
