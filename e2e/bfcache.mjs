// The tickets page and the back/forward cache, in headless Chromium with
// the cache on (Playwright turns it off; real browsers keep it): ten
// searches in a row each load at once. Before, every page kept in the
// cache held its live-update connection, and the sixth search waited for
// one of the browser's six connections to this site for about a minute.
//
// The tickets page closes its live connection on `pagehide` and opens it
// again on `pageshow`. Going back restores the page of the ninth search
// ("guest 8") from the cache: such a restore fires `pageshow` but no `load`
// event, so the test waits for the commit only (Playwright's default, "load",
// waited 30 s and failed, which looked like a stall at the ninth search), and
// checks that the page came from the cache (its script state is kept).
//
// Usage: node bfcache.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN, CHROMIUM as in run.mjs)
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR || join(here, "..", "target");
const webBin = process.env.TICKET_WEB_BIN || join(targetDir, "debug", "ticket-web");
const cliBin = process.env.TICKET_CLI_BIN || join(targetDir, "debug", "ticket-cli");
const dir = mkdtempSync(join(tmpdir(), "ticket-bfcache-"));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, TICKET_DATABASE_URL: `sqlite://${join(dir, "t.db")}`, RUST_LOG: "warn" };
const cli = (...a) => execFileSync(cliBin, a, { env, input: a.includes("--password-stdin") ? "admin-password-1\n" : undefined });
cli("event", "create", "Ball", "--slug", "ball");
cli("user", "add", "ada", "--role", "admin", "--password-stdin");
const server = spawn(webBin, [], { env: { ...env, TICKET_LISTEN: `127.0.0.1:${port}` }, stdio: ["ignore", "ignore", "inherit"] });
let browser;
try {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + "/healthz")).ok) break; } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    ignoreDefaultArgs: ["--disable-back-forward-cache"],
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage();
  await page.goto(base + "/login");
  await page.fill("input[name=name]", "ada");
  await page.fill("input[name=password]", "admin-password-1");
  await page.click("button.primary");
  await page.waitForURL(base + "/");
  await page.goto(base + "/events/ball/tickets");
  const times = [];
  for (let i = 0; i < 10; i++) {
    const started = Date.now();
    await page.fill("input[name=search]", "guest " + i);
    await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click("form.filters button")]);
    await page.waitForSelector("#live-state.on", { timeout: 5000 });
    times.push(Date.now() - started);
    await page.evaluate((n) => { window.keptSearch = n; }, i);
  }
  const slowest = Math.max(...times);
  if (slowest > 5000) throw new Error("a search took " + slowest + " ms: " + times.join(", "));
  // Back to a page from the cache: it is live again.
  await page.goBack({ waitUntil: "commit" });
  await page.waitForSelector("#live-state.on", { timeout: 5000 });
  const kept = await page.evaluate(() => window.keptSearch);
  if (kept !== 8) throw new Error("going back did not restore the page from the cache (keptSearch " + kept + ")");
  console.log(`bfcache e2e ok: 10 searches, slowest ${slowest} ms, live again after going back`);
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
}
