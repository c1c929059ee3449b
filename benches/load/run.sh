#!/usr/bin/env bash
# Load run of the scan API: starts a release ticket-web on a fresh SQLite
# database, then runs wrk against POST /api/events/load/scan at 1, 8, 32 and
# 128 connections, and against /healthz at the same connection counts as the
# baseline of the same run. Every scan request carries a code no earlier
# request of that run carried (scan.lua; the list of 300,000 codes outlasts a
# run), and every ticket is valid again before each run, so a run measures
# admissions; the table counts admissions and rejections apart, from the
# server's own scan log. Prints scans/s, p50/p99 latency and the server's
# resident memory (idle and peak under load).
#
# Usage: benches/load/run.sh [SECONDS_PER_RUN]   (needs wrk: apt-get install wrk)
#   ONE_CORE=1  pins the server and wrk to CPU 0 (taskset -c 0): the figure
#               for a Raspberry Pi class machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-5}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release -q -p ticket-web -p ticket-cli

pin=()
[ "${ONE_CORE:-}" = 1 ] && pin=(taskset -c 0)
# The core's own rate in this run (32 in-process callers, no HTTP), as the
# baseline the web layer's cost is measured against.
core="$(SCAN_REPORT_ONLY=1 "${pin[@]}" cargo bench -q -p ticket-benches --bench scan 2>/dev/null | grep '^TicketOffice::scan')"
core_rps="$(awk '{print $(NF-2)}' <<<"$core")"
work="$(mktemp -d)"
server=
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export TICKET_DATABASE_URL="sqlite://$work/load.db"
cli=target/release/ticket-cli
tickets=300000
"$cli" event create "Load" --slug load --code-length 6 >/dev/null
# Two lists of half the guests each (one import takes at most 200,000 rows).
for half in 0 1; do
  python3 - "$work/guests.csv" "$tickets" "$half" <<'PY'
import sys
n, half = int(sys.argv[2]) // 2, int(sys.argv[3])
with open(sys.argv[1], "w") as f:
    f.write("Name,Email\n")
    for i in range(half * n, (half + 1) * n):
        f.write(f"Guest {i},guest{i}@example.org\n")
PY
  "$cli" import "$work/guests.csv" --event load >/dev/null
done
"$cli" --json tickets --event load | python3 -c 'import json,sys; [print(t["code"]) for t in json.load(sys.stdin)]' | shuf > "$work/codes.txt"
echo "load-password" | "$cli" user add door --role scanner --password-stdin >/dev/null
token="$("$cli" token create door --label load 2>/dev/null)"
port=18123
TICKET_LISTEN="127.0.0.1:$port" RUST_LOG=warn "${pin[@]}" target/release/ticket-web >"$work/web.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
idle="$(rss)"
peak="$idle"

# wrk output → "requests/s p50 p99" (latencies in ms)
parse() {
  python3 -c '
import re, sys
t = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
lat = dict((p, ms(v, u)) for p, v, u in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)", t))
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
p50, p99 = lat.get("50", 0.0), lat.get("99", 0.0)
n = errs.group(1) if errs else 0
print("%.0f %.2f %.2f %s" % (rps, p50, p99, n))
'
}

# How many scans of the last run the server logged as admitted and as
# anything else (already used, unknown, revoked), from its scan log.
outcomes() {
  "$cli" --json db sql "SELECT outcome, COUNT(*) AS n FROM scans GROUP BY outcome" |
    python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
n = {outcome: int(count) for outcome, count in rows}
admitted = n.pop("admitted", 0)
print(admitted, sum(n.values()))'
}

where="wrk on the same machine"
[ "${ONE_CORE:-}" = 1 ] && where="server and wrk pinned to one core (taskset -c 0)"
printf "\nticket-web scan API, SQLite (WAL, synchronous=FULL), %s tickets, %ss per run, %s\n" "$tickets" "$secs" "$where"
printf "machine: %s, %s cores\n" "$(uname -m)" "$(nproc)"
printf "%-6s %10s %10s %9s %8s %8s %11s %8s %8s %7s %7s\n" conns "admitted/s" "refused/s" "answers/s" "p50 ms" "p99 ms" "healthz/s" "p50 ms" "p99 ms" errors "RSS MB"
for c in 1 8 32 128; do
  # Every ticket valid again, the scan log empty: each run starts alike.
  "$cli" db sql "UPDATE tickets SET used_at = NULL, used_by = NULL" >/dev/null
  "$cli" db sql "DELETE FROM scans" >/dev/null
  threads=$(( c < 2 ? 1 : 2 ))
  ( while kill -0 "$server" 2>/dev/null; do r="$(rss)"; echo "$r"; sleep 0.2; done ) > "$work/rss.txt" &
  sampler=$!
  scan="$(CODES_FILE="$work/codes.txt" TOKEN="$token" EVENT=load WRK_THREADS="$threads" "${pin[@]}" wrk -t"$threads" -c"$c" -d"${secs}s" --latency -s benches/load/scan.lua "http://127.0.0.1:$port" | parse)"
  read -r admitted refused <<<"$(outcomes)"
  health="$("${pin[@]}" wrk -t"$threads" -c"$c" -d"${secs}s" --latency "http://127.0.0.1:$port/healthz" | parse)"
  kill "$sampler" 2>/dev/null || true
  p="$(sort -n "$work/rss.txt" | tail -1)"
  [ -n "$p" ] && [ "$p" -gt "$peak" ] && peak="$p"
  read -r s_rps s_p50 s_p99 s_err <<<"$scan"
  read -r h_rps h_p50 h_p99 _ <<<"$health"
  a_rps=$(( admitted / secs )); r_rps=$(( refused / secs ))
  printf "%-6s %10s %10s %9s %8s %8s %11s %8s %8s %7s %7s\n" "$c" "$a_rps" "$r_rps" "$s_rps" "$s_p50" "$s_p99" "$h_rps" "$h_p50" "$h_p99" "$s_err" "$p"
  [ "$c" = 32 ] && http32="$a_rps"
done
printf "core alone (TicketOffice::scan, 32 callers, same machine, same run): %s scans/s\n" "$core_rps"
python3 -c 'import sys; h, c = float(sys.argv[1]), float(sys.argv[2]); print("web layer at 32 connections: %.0f of %.0f admissions/s, it costs %.0f%%" % (h, c, 100 * (1 - h / c)))' "$http32" "$core_rps"
printf "resident memory: %s MB idle, %s MB peak under load\n" "$idle" "$peak"
