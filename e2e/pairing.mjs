// Pairing a door phone: the admin makes a pairing link on the users page;
// its QR code (read back with zbarimg from a screenshot) opens the pairing
// page on a phone-sized browser that never logged in; Start pairs it, and it
// scans as the door named at pairing, with no password typed.
// Screenshots: e2e/screenshots/pairing-admin.png (the QR code to show),
// pairing-phone.png (the phone's confirmation) and pairing-door.png (the
// paired door page after a green scan).
//
// Usage: node pairing.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the
// debug binaries, CHROMIUM the browser; needs zbarimg)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, sleep, shots, sandbox, startServer, launch } from "./common.mjs";

const sb = sandbox("pairing", "admin-password-1");
const { dir, base, cli } = sb;

cli("event", "create", "Club Night", "--slug", "club");
writeFileSync(join(dir, "guests.csv"), "Name,Email\nAnna Berg,anna@example.org\nJonas Weber,jonas@example.org\n");
cli("import", join(dir, "guests.csv"), "--event", "club");
cli("user", "add", "ada", "--role", "admin", "--password-stdin");
const codes = JSON.parse(cli("--json", "tickets", "--event", "club")).map((t) => t.code);

const server = await startServer(sb);
let browser;
try {
  browser = await launch();
  const errors = [];

  // The admin, on a laptop.
  const desk = await (await browser.newContext({ viewport: { width: 900, height: 900 } })).newPage();
  desk.on("pageerror", (e) => errors.push(String(e)));
  await desk.goto(base + "/login?next=/users");
  await desk.fill("input[name=name]", "ada");
  await desk.fill("input[name=password]", "admin-password-1");
  await desk.click("button.primary");
  await desk.waitForURL(/\/users$/);
  await desk.fill("#door-phones input[name=door]", "door-2");
  await desk.click("#door-phones button");
  await desk.waitForSelector("img.pairing-qr");
  const link = (await desk.locator("#pairing-link").textContent()).trim();
  check(link.startsWith(base + "/pair/"), `an absolute link: ${link}`);
  await desk.screenshot({ path: join(shots, "pairing-admin.png") });
  const qrShot = join(dir, "qr.png");
  await desk.locator("img.pairing-qr").screenshot({ path: qrShot });
  const read = execFileSync("zbarimg", ["--quiet", "--raw", qrShot]).toString().trim();
  check(read === link, `the QR code is the link: ${read}`);

  // The door phone: never logged in, scans the QR with its camera app.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  phone.on("pageerror", (e) => errors.push(String(e)));
  await phone.goto(read);
  check((await phone.locator("h1").textContent()).includes("Pair this phone"), "the pairing page");
  check((await phone.locator("main").textContent()).includes("door-2"), "names the door");
  await phone.screenshot({ path: join(shots, "pairing-phone.png") });
  await phone.click("#start-pairing");
  await phone.waitForURL(/\/events\/club\/scan$/);
  check((await phone.locator("#door-name").textContent()) === "door-2", "the door is named at pairing");
  check(await phone.locator("#door-name").isDisabled(), "and cannot be renamed on the phone");
  await phone.fill("#code", codes[0]);
  await phone.waitForSelector("#result.green.show");
  check((await phone.locator("#result-head").textContent()).includes("Welcome"), "green");
  await sleep(1700);
  await phone.screenshot({ path: join(shots, "pairing-door.png") });
  const used = JSON.parse(cli("--json", "tickets", "--event", "club")).find((t) => t.code === codes[0]);
  check(used.status === "used" && used.used_by === "door-2", `checked in by door-2: ${JSON.stringify(used)}`);

  // The admin's list shows it paired.
  await desk.goto(base + "/users");
  check((await desk.locator(".pairings li").first().textContent()).includes("paired"), "listed as paired");

  // Revoked: the phone, still on its door page, goes to the login page at
  // its next update and the guest list leaves it.
  const copies = () => phone.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open("ticket-door", 1);
    req.onsuccess = () => {
      const get = req.result.transaction("copies", "readonly").objectStore("copies").getAll();
      get.onsuccess = () => resolve(get.result.length);
      get.onerror = () => resolve(-1);
    };
    req.onerror = () => resolve(-1);
  }));
  await phone.waitForFunction(() => document.getElementById("scanner").dataset.copy !== undefined, null, { timeout: 15000 });
  check(await copies() === 1, "the door page keeps the guest list for offline use");
  desk.once("dialog", (d) => d.accept());
  await desk.click(".pairings li button.danger");
  await desk.waitForSelector("text=Pairing revoked");
  await phone.waitForURL(/\/login/, { timeout: 15000 });
  check(await copies() === 0, "the revoked phone no longer holds the guest list");
  check(errors.length === 0, `no page errors: ${errors}`);
  console.log("pairing: QR read back as the link, phone paired without a password, scans as door-2; revoked, it leaves the door page and its guest list within seconds");
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
}
