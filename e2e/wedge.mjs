// A keyboard-wedge scanner at the door (a USB or Bluetooth reader that types
// the code and Enter): 20 codes, one every 300 ms, typed into the door page
// in headless Chromium at phone size, then 11 more while every answer takes
// 450 ms (longer than the scanner's pace, so codes are typed while another
// is being decided), one of them already used (red, shown at least 0.8 s). Every code is decided in order, exactly once, none
// lost and none merged; the result of each code shows (Enter right after a
// code never dismisses it before it is seen).
// Screenshot: e2e/screenshots/wedge-phone.png.
//
// Usage: node wedge.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the debug
// binaries, CHROMIUM the browser)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, sleep, shots, sandbox, startServer, launch } from "./common.mjs";

const sb = sandbox("wedge", "door-password-1");
const { dir, base, cli } = sb;

cli("event", "create", "Club", "--slug", "club");
writeFileSync(join(dir, "guests.csv"), "Name,Email\n" + Array.from({ length: 30 }, (_, i) => `Guest ${i},guest${i}@example.org`).join("\n") + "\n");
cli("import", join(dir, "guests.csv"), "--event", "club");
cli("user", "add", "door", "--role", "scanner", "--password-stdin");
const codes = JSON.parse(cli("--json", "tickets", "--event", "club")).map((t) => t.code);
check(codes.length === 30, "30 tickets");

const server = await startServer(sb);
let browser;
try {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => localStorage.setItem("door", "door-1"));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/login?next=/events/club/scan");
  await page.fill("input[name=name]", "door");
  await page.fill("input[name=password]", "door-password-1");
  await page.click("button.primary");
  await page.waitForURL(/\/events\/club\/scan$/);
  await page.waitForSelector("#scanner[data-copy='30']", { timeout: 10000 });

  // Every result the page shows, in order (title and detail).
  await page.evaluate(() => {
    window.shown = [];
    window.hiddenAt = 0;
    const result = document.getElementById("result");
    new MutationObserver(() => {
      if (result.classList.contains("show")) {
        const line = result.className + " | " + document.getElementById("result-head").textContent + " | " + document.getElementById("result-detail").textContent;
        const last = window.shown[window.shown.length - 1];
        if (!last || last.line !== line) {
          if (last && !last.until) last.until = Date.now();
          window.shown.push({ line, at: Date.now(), until: 0 });
        }
      } else if (window.shown.length && !window.shown[window.shown.length - 1].until) {
        window.shown[window.shown.length - 1].until = Date.now();
      }
    }).observe(result, { attributes: true, childList: true, subtree: true, characterData: true });
  });

  // The wedge: each code's letters 5 ms apart, then Enter; a code every 300 ms.
  async function wedge(list) {
    const start = Date.now();
    for (let i = 0; i < list.length; i++) {
      const due = start + i * 300;
      if (Date.now() < due) await sleep(due - Date.now());
      await page.keyboard.type(list[i], { delay: 5 });
      await page.keyboard.press("Enter");
    }
  }
  await wedge(codes.slice(0, 20));
  await sleep(2500);
  // A slow server: each answer takes 450 ms; the first guest's code comes
  // again among the others (red, and it holds the next code 0.8 s).
  await page.route("**/api/events/club/scan", async (route) => { await sleep(450); await route.continue(); });
  const slow = [...codes.slice(20, 25), codes[0], ...codes.slice(25, 30)];
  await wedge(slow);
  await sleep(11 * 450 + 800 + 2500);
  await page.screenshot({ path: join(shots, "wedge-phone.png") });

  const rows = JSON.parse(cli("--json", "db", "sql", "SELECT typed, outcome FROM scans ORDER BY id"));
  const scans = rows.rows.map((r) => [String(r[0] ?? r.typed).toUpperCase(), r[1] ?? r.outcome]);
  const typedAll = [...codes.slice(0, 20), ...slow];
  check(scans.length === typedAll.length, `${typedAll.length} scans decided, got ${scans.length}: ${JSON.stringify(scans)}`);
  scans.forEach(([typed, outcome], i) => {
    check(typed === typedAll[i], `scan ${i + 1} was ${typed}, typed ${typedAll[i]} (lost or merged)`);
    const expected = i === 25 ? "already_used" : "admitted";
    check(outcome === expected, `scan ${i + 1} (${typed}) ${outcome}, expected ${expected}`);
  });
  const shown = await page.evaluate(() => window.shown);
  const greens = shown.filter((s) => s.line.includes("green"));
  check(greens.length === 30, `30 green results shown, got ${greens.length}: ${JSON.stringify(shown)}`);
  greens.forEach((g, i) => check(g.line.includes(`Guest `), `result ${i + 1}: ${g.line}`));
  const reds = shown.filter((s) => s.line.includes("red"));
  check(reds.length === 1 && reds[0].line.includes("Already used"), `one red result: ${JSON.stringify(reds)}`);
  check((reds[0].until || Date.now()) - reds[0].at >= 750, `the red result showed ${reds[0].until - reds[0].at} ms before the next code replaced it`);
  // The last one is not taken away by its own Enter: it stays until the
  // page hides a green result by itself (1.5 s).
  const last = greens[greens.length - 1];
  const seen = (last.until || Date.now()) - last.at;
  check(seen >= 1000, `the last green result showed ${seen} ms`);
  check(errors.length === 0, "page errors: " + errors.join("; "));
  console.log(`wedge e2e ok: 20 codes at 300 ms, then 11 with 450 ms answers (one already used), each decided once in order, 30 green and 1 red result shown, the last for ${seen} ms`);
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
}
