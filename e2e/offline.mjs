// The offline door in headless Chromium against a real ticket-web:
// - the server hung (SIGSTOP): a valid code turns green within 2 s marked
//   offline, the same code again red;
// - the server gone (SIGKILL): reloading the door page still shows it and
//   admits;
// - the server back: the queued check-ins are on the server within 10 s with
//   their original times and doors, each exactly once (also after a reload);
// - two doors admitting one code while one is offline: one admission and one
//   listed conflict.
// Screenshots go to e2e/screenshots/offline-*.png.
//
// Usage: node offline.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the
// debug binaries, CHROMIUM the browser)
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR || join(here, "..", "target");
const webBin = process.env.TICKET_WEB_BIN || join(targetDir, "debug", "ticket-web");
const cliBin = process.env.TICKET_CLI_BIN || join(targetDir, "debug", "ticket-cli");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

function check(cond, msg) { if (!cond) throw new Error(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), "ticket-offline-"));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, TICKET_DATABASE_URL: `sqlite://${join(dir, "tickets.db")}`, RUST_LOG: "warn" };
const cli = (...args) => execFileSync(cliBin, args, { env, input: args.includes("--password-stdin") ? "door-password-1\n" : undefined }).toString();

// An event with 20 guests and a scanner.
cli("event", "create", "Night", "--slug", "night");
writeFileSync(join(dir, "guests.csv"), "Name,Email\n" + Array.from({ length: 20 }, (_, i) => `Guest ${i},guest${i}@example.org`).join("\n") + "\n");
cli("import", join(dir, "guests.csv"), "--event", "night");
cli("user", "add", "door", "--role", "scanner", "--password-stdin");
const tickets = () => JSON.parse(cli("--json", "tickets", "--event", "night"));
const codes = tickets().map((t) => t.code);
check(codes.length === 20, "20 tickets");

let server = null;
async function startServer() {
  server = spawn(webBin, [], { env: { ...env, TICKET_LISTEN: `127.0.0.1:${port}` }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + "/healthz")).ok) return; } catch (e) { /* not yet */ }
    await sleep(50);
  }
  throw new Error("ticket-web did not start");
}

let browser;
try {
  await startServer();
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const errors = [];
  async function doorPhone(name) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript((n) => localStorage.setItem("door", n), name);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(`${name}: ${e}`));
    await page.goto(base + "/login?next=/events/night/scan");
    await page.fill("input[name=name]", "door");
    await page.fill("input[name=password]", "door-password-1");
    await page.click("button.primary");
    await page.waitForURL(/\/events\/night\/scan$/);
    await page.waitForSelector("#scanner[data-copy='20']", { timeout: 10000 });
    // Opened once: the page keeps itself for a reload without the server.
    await page.waitForFunction(() => window.caches && caches.match(location.pathname).then((hit) => !!hit), null, { timeout: 10000 });
    return { context, page };
  }
  async function scan(page, code) {
    if (await page.isVisible("#result.show")) await page.click("#result");
    const started = Date.now();
    await page.fill("#code", code.toLowerCase());
    await page.waitForSelector("#result.show", { timeout: 5000 });
    return { head: await page.textContent("#result-head"), detail: await page.textContent("#result-detail"),
      kind: await page.getAttribute("#result", "class"), ms: Date.now() - started };
  }

  const d1 = await doorPhone("door-1");
  const d2 = await doorPhone("door-2");

  // Online first.
  let r = await scan(d1.page, codes[0]);
  check(r.kind.includes("green") && !r.head.includes("offline"), "online green: " + r.head);

  // Hung server: accepts connections, never answers.
  process.kill(server.pid, "SIGSTOP");
  const atA = Date.now();
  r = await scan(d1.page, codes[1]);
  check(r.kind.includes("green") && r.head.includes("offline"), "hung server, not green offline: " + r.head);
  check(r.ms < 2000, `green offline after ${r.ms} ms`);
  const hungMs = r.ms;
  await d1.page.screenshot({ path: join(shots, "offline-green-phone.png") });
  r = await scan(d1.page, codes[1]);
  check(r.kind.includes("red") && r.head.includes("Already used"), "same code again: " + r.head);
  r = await scan(d1.page, "ZZZZ".slice(0, codes[0].length));
  check(!r.kind.includes("green"), "unknown code offline: " + r.head);
  await d1.page.click("#result");
  check((await d1.page.textContent("#offline-banner")).includes("Offline since"), "no offline banner");
  check((await d1.page.textContent("#offline-banner")).includes("1 check-in waiting"), "banner count: " + await d1.page.textContent("#offline-banner"));
  await d1.page.screenshot({ path: join(shots, "offline-banner-phone.png") });

  // Server gone: the door page still loads and admits.
  process.kill(server.pid, "SIGKILL");
  await sleep(300);
  await d1.page.reload();
  await d1.page.waitForSelector("#scanner[data-copy='20']", { timeout: 10000 });
  const atB = Date.now();
  r = await scan(d1.page, codes[2]);
  check(r.kind.includes("green") && r.head.includes("offline"), "after reload without server: " + r.head);
  await d1.page.screenshot({ path: join(shots, "offline-reloaded-phone.png") });

  // Door 1 loses its network; the server comes back; door 2 admits the
  // guest door 1 let in offline (codes[2]): a double entry.
  await d1.context.setOffline(true);
  await startServer();
  r = await scan(d2.page, codes[2]);
  check(r.kind.includes("green") && !r.head.includes("offline"), "door 2 online: " + r.head);

  // Door 1 back: its check-ins reach the server within 10 s, exactly once,
  // although the answer to its first upload is lost on the way back (the
  // server has them; the door uploads them again and then reloads).
  let lost = 0;
  await d1.page.route("**/api/events/night/offline", async (route) => {
    if (lost === 0) {
      lost += 1;
      await route.fetch();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await d1.context.setOffline(false);
  const back = Date.now();
  let synced = false;
  while (Date.now() - back < 10000) {
    const t = tickets();
    const b = t.find((x) => x.code === codes[1]);
    if (b && b.status === "used") { synced = true; break; }
    await sleep(250);
  }
  check(synced, "queued check-ins not on the server within 10 s");
  const syncMs = Date.now() - back;
  check(lost === 1, "the first upload's answer was dropped");
  await d1.page.reload();
  await d1.page.waitForSelector("#offline-banner:not(.show)", { state: "attached", timeout: 15000 });
  await sleep(1000);
  const t = tickets();
  const b = t.find((x) => x.code === codes[1]);
  check(b.used_by === "door-1", "door kept: " + b.used_by);
  check(Math.abs(Date.parse(b.used_at) - atA) < 2500, `original time kept: ${b.used_at} vs ${new Date(atA).toISOString()}`);
  const c = t.find((x) => x.code === codes[2]);
  check(c.used_by === "door-2", "the first admission stands: " + c.used_by);
  const rows = JSON.parse(cli("--json", "db", "sql", "SELECT id FROM offline_checkins"));
  check(rows.rows.length === 2, "each offline check-in exactly once: " + JSON.stringify(rows));
  const conflicts = JSON.parse(cli("--json", "conflicts", "--event", "night"));
  check(conflicts.length === 1 && conflicts[0].code === codes[2] && conflicts[0].first_by === "door-2" && conflicts[0].offline_door === "door-1",
    "one listed conflict: " + JSON.stringify(conflicts));
  check(Math.abs(Date.parse(conflicts[0].offline_at) - atB) < 2500, "conflict keeps the offline time");
  const stats = JSON.parse(cli("--json", "stats", "--event", "night"));
  check(stats.used === 3, "3 guests in: " + JSON.stringify(stats));
  const queued = await d1.page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open("ticket-door", 1);
    req.onsuccess = () => { const r = req.result.transaction("queue").objectStore("queue").count(); r.onsuccess = () => resolve(r.result); };
  }));
  check(queued === 0, `queue emptied on the phone: ${queued} left`);

  check(errors.length === 0, "browser errors: " + errors.join("\n"));
  console.log(`offline e2e ok: green offline ${hungMs} ms after the last letter with the server hung, reload without server, synced in ${syncMs} ms, exactly once, 1 conflict listed`);
} finally {
  if (browser) await browser.close();
  if (server) { try { process.kill(server.pid, "SIGCONT"); } catch (e) { /* gone */ } server.kill("SIGKILL"); }
}
