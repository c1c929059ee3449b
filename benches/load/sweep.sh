#!/usr/bin/env bash
# A guessing sweep against a release ticket-web, as an attacker with one
# scanner token would run it: 200 guests with 3-letter codes, every one of
# the 17,576 codes in random order, 16 connections, a new door name on every
# guess, for 40 s (starting over when the codes run out). Prints how many guesses were
# sent, answered (200) and refused (429), how many of the answers came after
# the first 10 s, how many tickets were found, and whether the admin's API
# shows the alert. The door guard's promise: at most 3 tickets in 40 s, at
# most 12 answers a minute after the first 10 s.
#
# Usage: benches/load/sweep.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-40}"
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release -q -p ticket-web -p ticket-cli
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export TICKET_DATABASE_URL="sqlite://$work/sweep.db"
cli=target/release/ticket-cli
"$cli" event create "Sweep" --slug sweep >/dev/null
python3 - "$work/guests.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Email\n")
    for i in range(200):
        f.write(f"Guest {i},guest{i}@example.org\n")
PY
"$cli" import "$work/guests.csv" --event sweep >/dev/null
echo "door-password" | "$cli" user add door --role scanner --password-stdin >/dev/null
echo "admin-password" | "$cli" user add admin --role admin --password-stdin >/dev/null
token="$("$cli" token create door --label sweep 2>/dev/null | tail -1)"
admin="$("$cli" token create admin --label sweep 2>/dev/null | tail -1)"
port=18124
TICKET_LISTEN="127.0.0.1:$port" RUST_LOG=error target/release/ticket-web >"$work/web.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$token" "$admin" "$secs" <<'PY'
import http.client, itertools, json, random, string, sys, threading, time
port, token, admin, secs = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
codes = ["".join(c) for c in itertools.product(string.ascii_uppercase, repeat=3)]
random.shuffle(codes)
lock = threading.Lock()
state = {"next": 0}
answers = []  # (seconds since start, status, outcome)
start = time.monotonic()

def worker():
    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    while time.monotonic() - start < secs:
        with lock:
            i = state["next"]
            state["next"] += 1
        # Every code once, then the sweep starts over (as an attacker would).
        body = json.dumps({"code": codes[i % len(codes)], "door": f"door-{i}"})
        try:
            conn.request("POST", "/api/events/sweep/scan", body,
                         {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
        except (http.client.HTTPException, OSError):
            conn = http.client.HTTPConnection("127.0.0.1", int(port))
            continue
        outcome = json.loads(data).get("outcome", "") if r.status == 200 else ""
        with lock:
            answers.append((time.monotonic() - start, r.status, outcome))

threads = [threading.Thread(target=worker) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
took = time.monotonic() - start
ok = [a for a in answers if a[1] == 200]
late = [a for a in ok if a[0] >= 10]
found = sum(1 for a in ok if a[2] == "admitted")
refused = sum(1 for a in answers if a[1] == 429)
conn = http.client.HTTPConnection("127.0.0.1", int(port))
conn.request("GET", "/api/events/sweep/guard", headers={"Authorization": f"Bearer {admin}"})
alerts = json.loads(conn.getresponse().read())
print(f"{len(answers)} guesses in {took:.1f} s with 16 connections ({len(answers)/took:.0f}/s): "
      f"{len(ok)} answered, {refused} refused (429), {len(late)} answered after the first 10 s "
      f"({len(late) / max(took - 10, 1) * 60:.1f} a minute), {found} tickets found")
print("alert:", json.dumps(alerts))
PY
