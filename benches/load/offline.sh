#!/usr/bin/env bash
# The offline door's figures against a release ticket-web: the size of a
# 5,000-guest event's door copy and how long the door page in headless
# Chromium (phone-sized) needs to load and store it, and how long 1,000
# queued check-ins take to upload (5 uploads of 200, as the door sends them).
#
# Usage: benches/load/offline.sh   (needs Node.js and Chromium for the page figure)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release -q -p ticket-web -p ticket-cli
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export TICKET_DATABASE_URL="sqlite://$work/offline.db"
cli=target/release/ticket-cli
"$cli" event create "Big Night" --slug big --code-length 4 >/dev/null
python3 - "$work/guests.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Email\n")
    for i in range(5000):
        f.write(f"Guest Number {i} Lastname,guest{i}@example.org\n")
PY
"$cli" import "$work/guests.csv" --event big >/dev/null
echo "door-password-1" | "$cli" user add door --role scanner --password-stdin >/dev/null
token="$("$cli" token create door --label offline 2>/dev/null | tail -1)"
port=18125
TICKET_LISTEN="127.0.0.1:$port" RUST_LOG=error target/release/ticket-web >"$work/web.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$token" "$work/codes.json" <<'PY'
import http.client, json, sys, time, uuid, datetime
port, token, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
auth = {"Authorization": f"Bearer {token}"}
c = http.client.HTTPConnection("127.0.0.1", port)
t0 = time.monotonic()
c.request("GET", "/api/events/big/door-copy", headers=auth)
r = c.getresponse(); body = r.read()
took = (time.monotonic() - t0) * 1000
copy = json.loads(body)
print(f"door copy of {len(copy['tickets'])} tickets: {len(body)/1024:.0f} KiB of JSON, answered in {took:.0f} ms")
codes = [t[0] for t in copy["tickets"]]
json.dump(codes, open(out, "w"))
now = datetime.datetime.now(datetime.timezone.utc)
queue = [{"id": str(uuid.uuid4()), "code": codes[i], "door": "door-1",
          "at": (now - datetime.timedelta(seconds=1000 - i)).isoformat().replace("+00:00", "Z")} for i in range(1000)]
t0 = time.monotonic()
fresh = 0
for i in range(0, 1000, 200):
    c.request("POST", "/api/events/big/offline", json.dumps({"checkins": queue[i:i+200]}),
              {**auth, "Content-Type": "application/json"})
    r = c.getresponse(); res = json.loads(r.read())
    fresh += sum(1 for x in res["results"] if x["outcome"] == "admitted" and not x["duplicate"])
took = (time.monotonic() - t0) * 1000
print(f"1,000 queued check-ins uploaded in {took:.0f} ms (5 uploads of 200): {fresh} admitted")
PY
if command -v node >/dev/null && [ -d e2e/node_modules ]; then
  PORT="$port" node --input-type=module - <<'JS'
import { chromium } from "./e2e/node_modules/playwright-core/index.mjs";
const base = `http://127.0.0.1:${process.env.PORT}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
await page.goto(base + "/login?next=/events/big/scan");
await page.fill("input[name=name]", "door");
await page.fill("input[name=password]", "door-password-1");
const t0 = Date.now();
await page.click("button.primary");
await page.waitForSelector("#scanner[data-copy='5000']", { timeout: 60000 });
console.log(`door page with its copy of 5,000 tickets ready ${Date.now() - t0} ms after login (headless Chromium, this machine)`);
await browser.close();
JS
fi
