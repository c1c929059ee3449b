// The organiser's tickets page with parties, notes and walk-ins, in headless
// Chromium at laptop (1200 px) and phone (390 px) width: a party of 4 shows
// "party of 4", then "3 of 4" live after a door lets 3 in through the API,
// "3 of 4 · 2 inside" after one goes out, "3 of 4" when they come back
// (re-entry) and "2 inside" again when the command line undoes that; the
// people line follows; a note is a pill whose markup stays text; the
// door-rules form turns re-entry on; the walk-in form lets a party of 2 in
// and the row shows a "walk-in" pill. Names and statuses stay one line at
// 1200 px (but for a very long name with a note); nothing is wider than the
// phone at 390 px.
// Screenshots: e2e/screenshots/parties-1200.png, parties-390.png,
// parties-live-390.png, parties-forms-390.png.
//
// Usage: node parties.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the
// debug binaries, CHROMIUM the browser)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, sleep, shots, sandbox, startServer, launch } from "./common.mjs";

const sb = sandbox("parties", "party-password-1");
const { dir, base, cli } = sb;

const note = "<b>VIP</b> check ID";
cli("event", "create", "Club Night", "--slug", "club", "--date", "2026-12-18");
writeFileSync(join(dir, "guests.csv"), [
  "Name,Email,Persons,Note",
  `Jonas Weber,jonas@example.org,4,"${note}"`,
  "Anna Berg,anna@example.org,1,",
  "Maximilian-Alexander von Hohenzollern,max@example.org,2,Wheelchair: use the side entrance please",
  "Lea Stein,lea@example.org,1,",
  "Zoë Ng,zoe@example.org,3,",
].join("\n") + "\n");
cli("import", join(dir, "guests.csv"), "--event", "club");
cli("user", "add", "ada", "--role", "admin", "--password-stdin");
cli("user", "add", "sam", "--role", "scanner", "--password-stdin");
const tickets = JSON.parse(cli("--json", "tickets", "--event", "club"));
const code = (name) => tickets.find((t) => t.name === name).code;
const jonas = code("Jonas Weber");
cli("scan", code("Anna Berg"), "--event", "club", "--door", "door-1");

async function login(context, name, next) {
  const page = await context.newPage();
  await page.goto(base + "/login?next=" + next);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", "party-password-1");
  await page.click("button.primary");
  return page;
}

// Name and status cells whose content takes more than one line.
const wrapped = (page) => page.locator("table.tickets tbody td.name, table.tickets tbody td.status").evaluateAll((tds) =>
  tds.filter((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
    return Math.max(...tops) - Math.min(...tops) > 12;
  }).map((td) => td.innerText.replace(/\s+/g, " ").trim()));
const wider = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const rowStatus = (page, c) => page.locator(`tr[data-code="${c}"] td.status`).innerText();

const server = await startServer(sb);
let browser;
try {
  browser = await launch();
  const laptop = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await login(laptop, "ada", "/events/club/tickets");
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.waitForURL(/\/events\/club\/tickets$/);

  // The note is a pill, its markup text; the party says its size.
  const pill = page.locator(`tr[data-code="${jonas}"] .pill.note`);
  check((await pill.textContent()) === note, `the note as text: ${await pill.textContent()}`);
  check((await page.locator(`tr[data-code="${jonas}"] td.name b`).count()) === 0, "no markup from the note");
  check((await rowStatus(page, jonas)).includes("party of 4"), `party of 4: ${await rowStatus(page, jonas)}`);
  check(await page.locator("#people-counts").isVisible(), "the people line shows");
  check((await page.locator("#people-total").textContent()) === "11", "11 people expected");

  // Door rules: re-entry on, walk-ins for admins, at most 5.
  await page.click("#door-rules summary");
  await page.check("#door-rules input[name=reentry]");
  await page.fill("#door-rules input[name=walk_in_limit]", "5");
  await page.click("#door-rules button");
  await page.waitForSelector("#done");
  const rulesSaid = await page.locator("#done").textContent();
  check(rulesSaid.includes("re-entry on") && rulesSaid.includes("at most 5"), `rules notice: ${rulesSaid}`);

  // A walk-in of 2 through the form.
  await page.click("#walk-in summary");
  await page.fill("#walk-in input[name=name]", "DJ's Friend");
  await page.fill("#walk-in input[name=persons]", "2");
  await page.click("#walk-in button");
  await page.waitForSelector("#done");
  const walkSaid = await page.locator("#done").textContent();
  check(/Walk-in DJ's Friend let in with a party of 2 \(code [A-Z]+\)/.test(walkSaid), `walk-in notice: ${walkSaid}`);
  const walkIn = walkSaid.match(/code ([A-Z]+)/)[1];
  check((await page.locator(`tr[data-code="${walkIn}"] .pill.walk-in`).textContent()) === "walk-in", "the walk-in pill");
  check((await rowStatus(page, walkIn)).includes("2 of 2"), `walk-in here: ${await rowStatus(page, walkIn)}`);
  check((await page.locator("#count-walk-ins").textContent()) === "1", "1 walk-in counted");

  await page.goto(base + "/events/club/tickets");
  await page.waitForSelector("#live-state.on");

  // The door lets 3 of Jonas's party in through the API: the open page follows.
  const door = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const doorPage = await login(door, "sam", "/events/club/scan");
  await doorPage.waitForURL(/\/events\/club\/scan$/);
  // The door's window was opened last and hides the organiser's: bring that
  // back, or Chromium draws it (and runs its animation frames) once a second.
  await page.bringToFront();
  const scan = (body) => doorPage.evaluate(async (b) => {
    const r = await fetch("/api/events/club/scan", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(b) });
    return r.json();
  }, body);
  const a = await scan({ code: jonas, persons: 3, door: "door-2" });
  check(a.outcome === "admitted" && a.party.arrived === 3, `3 admitted: ${JSON.stringify(a)}`);
  await page.waitForFunction((c) => document.querySelector(`tr[data-code="${c}"] .party`)?.textContent === "· 3 of 4", jonas, { timeout: 5000, polling: 100 });
  await page.waitForFunction(() => document.getElementById("people-arrived").textContent === "6", null, { timeout: 5000, polling: 100 });
  check((await rowStatus(page, jonas)).includes("here"), "the party is here");
  check((await rowStatus(page, jonas)).includes("door-2"), "at door-2");
  await page.screenshot({ path: join(shots, "parties-1200.png"), fullPage: true });
  // Only the longest name, with its long note, may take two lines.
  const two = (await wrapped(page)).filter((t) => !t.startsWith("Maximilian-Alexander"));
  check(two.length === 0, `names and statuses stay one line at 1200 px: ${two}`);

  // One goes out: "2 inside", live.
  const out = await scan({ code: jonas, persons: 1, direction: "out", door: "door-2" });
  check(out.outcome === "exited", `exited: ${JSON.stringify(out)}`);
  await page.waitForFunction((c) => document.querySelector(`tr[data-code="${c}"] .party`)?.textContent === "· 3 of 4 · 2 inside", jonas, { timeout: 5000, polling: 100 });
  await page.waitForFunction(() => document.getElementById("people-inside").textContent === "5", null, { timeout: 5000, polling: 100 });

  // The same page at phone width: nothing off-screen to the right.
  await page.setViewportSize({ width: 390, height: 844 });
  await sleep(200);
  const over = await wider(page);
  check(over <= 0, `nothing wider than the phone: ${over} px over`);
  await page.screenshot({ path: join(shots, "parties-live-390.png"), fullPage: true });
  // The re-entry comes back in: the count follows again.
  const back = await scan({ code: jonas, persons: 1, door: "door-2" });
  check(back.outcome === "admitted" && back.party.inside === 4 - 1, `back in: ${JSON.stringify(back)}`);
  await page.waitForFunction((c) => document.querySelector(`tr[data-code="${c}"] .party`)?.textContent === "· 3 of 4", jonas, { timeout: 5000, polling: 100 });
  // An undo elsewhere (the command line) takes back that re-entry only: still here, 2 inside.
  cli("undo", jonas, "--event", "club");
  await page.waitForFunction((c) => document.querySelector(`tr[data-code="${c}"] .party`)?.textContent === "· 3 of 4 · 2 inside", jonas, { timeout: 5000, polling: 100 });
  check((await rowStatus(page, jonas)).includes("here"), "still here after the undo");
  check(await page.locator(`tr[data-code="${jonas}"] form.undo`).count() === 1, "the undo button stays");
  check(await page.locator(`tr[data-code="${jonas}"] details.fix`).count() === 1, "Edit guest stays on a live row");
  check((await page.locator(`tr[data-code="${jonas}"] form.undo button`).textContent()) === "Undo latest scan", "a party's undo says what it takes back");

  await page.goto(base + "/events/club/tickets");
  await page.screenshot({ path: join(shots, "parties-390.png"), fullPage: true });
  await page.click("#walk-in summary");
  await page.click("#door-rules summary");
  check(await wider(page) <= 0, "the open forms fit the phone");
  const top = await page.locator("#walk-in").evaluate((d) => d.getBoundingClientRect().top + window.scrollY - 8);
  const bottom = await page.locator("#door-rules").evaluate((d) => d.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: join(shots, "parties-forms-390.png"), fullPage: true, clip: { x: 0, y: top, width: 390, height: bottom - top + 8 } });

  // Edit guest on a phone: a note typed in the table shows as its pill.
  const edit = page.locator(`tr[data-code="${jonas}"] details.fix`);
  await edit.locator("summary").click();
  check(await wider(page) <= 0, "the open edit form fits the phone");
  await edit.locator("input[name=note]").fill("pays at the door");
  await edit.screenshot({ path: join(shots, "parties-edit-390.png") });
  await Promise.all([page.waitForNavigation(), edit.locator("button").click()]);
  check((await page.locator(`tr[data-code="${jonas}"] .pill.note`).textContent()) === "pays at the door", "the note edited in the table shows");
  check(errors.length === 0, `no page errors: ${errors}`);
  console.log("parties: 3 of 4 live, 2 inside after an exit, walk-in pill and counts, door rules saved; one-line rows at 1200 px, nothing off-screen at 390 px");
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
}
