// The door in the browser's language, in headless Chromium at phone size: a
// German phone (Accept-Language de-DE) logs in on a German page and scans
// a party: "Willkommen" with the party line in German and the clock as
// "21:14 Uhr"; the same code again is "Bereits benutzt". A French phone
// gets the door in French while the frame stays English; the language
// switch at the foot makes a page German and keeps it so.
// Screenshots: e2e/screenshots/door-de.png, door-fr.png, login-de.png.
//
// Usage: node languages.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the
// debug binaries, CHROMIUM the browser)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, shots, sandbox, startServer, launch } from "./common.mjs";

const sb = sandbox("languages", "door-password-1");
const { dir, base, cli } = sb;

cli("event", "create", "Sommerfest", "--slug", "fest", "--language", "de");
writeFileSync(join(dir, "guests.csv"), "Name,E-Mail,Personen\nAnna Berg,anna@example.org,3\nJean Dupont,jean@example.org,1\n");
cli("import", join(dir, "guests.csv"), "--event", "fest");
cli("user", "add", "door", "--role", "scanner", "--password-stdin");
cli("user", "add", "ada", "--role", "admin", "--password-stdin");
const tickets = JSON.parse(cli("--json", "tickets", "--event", "fest"));
const anna = tickets.find((t) => t.name === "Anna Berg").code;
const jean = tickets.find((t) => t.name === "Jean Dupont").code;

const server = await startServer(sb);
let browser;
async function door(locale) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
  // Not in the mail preview's sandboxed frame, which has no storage.
  await context.addInitScript(() => { try { localStorage.setItem("door", "door-2"); } catch (e) { /* sandboxed */ } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/login?next=/events/fest/scan");
  return { context, page, errors };
}
try {
  browser = await launch();

  // German.
  const de = await door("de-DE");
  check((await de.page.getAttribute("html", "lang")) === "de", "the login page is German");
  check((await de.page.innerText("h1")) === "Anmelden", "a German heading");
  await de.page.screenshot({ path: join(shots, "login-de.png") });
  await de.page.fill("input[name=name]", "door");
  await de.page.fill("input[name=password]", "door-password-1");
  await de.page.click("button.primary");
  await de.page.waitForURL(/\/events\/fest\/scan$/);
  check((await de.page.getAttribute("html", "lang")) === "de", "the door page is German");
  await de.page.selectOption("#persons", "2");
  await de.page.fill("#code", anna);
  await de.page.waitForSelector("#result.green.show");
  const head = await de.page.innerText("#result-head");
  const detail = await de.page.innerText("#result-detail");
  check(head.includes("Willkommen"), `German green: ${head}`);
  check(detail.includes("Anna Berg") && / Uhr/.test(detail), `German party line and clock: ${detail}`);
  check(!/arrived|still to come/.test(detail), `no English left: ${detail}`);
  await de.page.screenshot({ path: join(shots, "door-de.png") });
  await de.page.click("#result");
  await de.page.fill("#code", jean);
  await de.page.waitForSelector("#result.green.show");
  await de.page.click("#result");
  await de.page.fill("#code", jean);
  await de.page.waitForSelector("#result.red.show");
  const red = await de.page.innerText("#result-head");
  check(red.includes("Bereits benutzt"), `German red: ${red}`);
  // Offline the phone writes times as the server does: "22:08 Uhr".
  await de.page.click("#result");
  await de.page.context().setOffline(true);
  await de.page.fill("#code", jean);
  await de.page.waitForSelector("#result.red.show", { timeout: 15000 });
  const offlineRed = (await de.page.innerText("#result-head")) + " " + (await de.page.innerText("#result-detail"));
  check(/offline/.test(offlineRed) && /\b\d{2}:\d{2} Uhr\b/.test(offlineRed) && !/AM|PM/.test(offlineRed), `German offline time: ${offlineRed}`);
  await de.page.screenshot({ path: join(shots, "door-de-offline.png") });
  await de.page.click("#result");
  await de.page.context().setOffline(false);
  check(de.errors.length === 0, `no page errors: ${de.errors}`);

  // French: the door in French, the frame in English.
  const fr = await door("fr-FR");
  check((await fr.page.getAttribute("html", "lang")) === "en", "pages without French texts stay English");
  await fr.page.fill("input[name=name]", "door");
  await fr.page.fill("input[name=password]", "door-password-1");
  await fr.page.click("button.primary");
  await fr.page.waitForURL(/\/events\/fest\/scan$/);
  await fr.page.fill("#code", anna);
  await fr.page.waitForSelector("#result.green.show");
  const frHead = await fr.page.innerText("#result-head");
  check(frHead.includes("Bienvenue"), `French green: ${frHead}`);
  await fr.page.screenshot({ path: join(shots, "door-fr.png") });
  // The switch at the foot: German, and it stays.
  await fr.page.click("footer.foot a[lang=de]");
  await fr.page.waitForURL(/\/events\/fest\/scan$/);
  check((await fr.page.getAttribute("html", "lang")) === "de", "the switch made the page German");
  await fr.page.goto(base + "/");
  check((await fr.page.getAttribute("html", "lang")) === "de", "the choice is kept");
  check(fr.errors.length === 0, `no page errors: ${fr.errors}`);
  // The organiser's tickets page in German, at phone and desk size.
  const admin = await door("de-DE");
  await admin.page.fill("input[name=name]", "ada");
  await admin.page.fill("input[name=password]", "door-password-1");
  await admin.page.click("button.primary");
  await admin.page.waitForURL(/\/events\/fest\/scan$/);
  await admin.page.goto(base + "/events/fest/tickets");
  const table = await admin.page.innerText("main");
  check(table.includes("Jean Dupont") && !/\bexpected\b|\bUndo check-in\b/.test(table), `German tickets page: ${table.slice(0, 400)}`);
  await admin.page.screenshot({ path: join(shots, "tickets-de-390.png"), fullPage: true });
  await admin.page.setViewportSize({ width: 1200, height: 900 });
  await admin.page.screenshot({ path: join(shots, "tickets-de-1200.png"), fullPage: true });
  await admin.page.goto(base + "/events/fest/send");
  await admin.page.screenshot({ path: join(shots, "send-de-1200.png"), fullPage: true });
  check(admin.errors.length === 0, `no page errors: ${admin.errors}`);
  console.log(`languages: German door "${head}" / "${detail}", red "${red}"; French door "${frHead}" in an English frame; the switch keeps German`);
} finally {
  if (browser) await browser.close();
  server.kill();
}
