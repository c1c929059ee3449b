// The door's camera: Chromium's fake camera plays a video (written here as
// a .y4m file) that shows ticket A's QR code for 4 s, then ticket B's for
// 4 s, then nothing. The door page reads them with the decoder it serves
// (zxing_reader.js/.wasm; the browser's own BarcodeDetector is taken away,
// as headless Chromium on Linux has none anyway) and decides them like
// typed codes: each is admitted exactly once though the camera saw it for
// seconds, each shows its green result, B goes as soon as it is seen, and
// no request leaves the site (no CDN). Then: Stop, the camera resting while
// the page is hidden, a denied permission, the line shown when the page has
// no camera (plain HTTP on a LAN), and, with the server gone, the page
// reloaded from the phone reading A again: red, decided offline.
// Screenshots: e2e/screenshots/camera-phone.png (running),
// camera-unavailable.png (no HTTPS).
//
// Usage: node camera.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the debug
// binaries, CHROMIUM the browser)
import { chromium } from "playwright-core";
import qrcode from "qrcode-generator";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
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
async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await sleep(50);
  }
}

const dir = mkdtempSync(join(tmpdir(), "ticket-camera-"));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, TICKET_DATABASE_URL: `sqlite://${join(dir, "tickets.db")}`, RUST_LOG: "warn" };
const cli = (...args) => execFileSync(cliBin, args, { env, input: args.includes("--password-stdin") ? "door-password-1\n" : undefined }).toString();

cli("event", "create", "Club", "--slug", "club");
writeFileSync(join(dir, "guests.csv"), "Name,Email\n" + Array.from({ length: 5 }, (_, i) => `Guest ${i},guest${i}@example.org`).join("\n") + "\n");
cli("import", join(dir, "guests.csv"), "--event", "club");
cli("user", "add", "door", "--role", "scanner", "--password-stdin");
const tickets = JSON.parse(cli("--json", "tickets", "--event", "club"));
const [a, b] = tickets;
check(a && b && a.code !== b.code, "two tickets");

// The fake camera's video: 320x240 at 10 frames a second, grey, with a
// ticket's QR code (as in its mail: the code's letters, nothing else) drawn
// dark on a white square in the middle. Chromium plays it in a loop; the
// blank end is longer than the test runs after B.
const W = 320, H = 240, FPS = 10;
function frame(text) {
  const y = Buffer.alloc(W * H, 150);
  if (text) {
    const qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount(), scale = 6, quiet = 4;
    const size = (n + 2 * quiet) * scale;
    const x0 = (W - size) >> 1, y0 = (H - size) >> 1;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const mr = Math.floor(r / scale) - quiet, mc = Math.floor(c / scale) - quiet;
        const dark = mr >= 0 && mc >= 0 && mr < n && mc < n && qr.isDark(mr, mc);
        y[(y0 + r) * W + x0 + c] = dark ? 20 : 235;
      }
    }
  }
  return Buffer.concat([Buffer.from("FRAME\n"), y, Buffer.alloc((W / 2) * (H / 2) * 2, 128)]);
}
const blank = frame(null), frameA = frame(a.code), frameB = frame(b.code);
const video = join(dir, "camera.y4m");
const plan = [[blank, 1], [frameA, 4], [frameB, 4], [blank, 10]];
writeFileSync(video, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`),
  ...plan.flatMap(([f, secs]) => Array(secs * FPS).fill(f))]));

const server = spawn(webBin, [], { env: { ...env, TICKET_LISTEN: `127.0.0.1:${port}` }, stdio: ["ignore", "ignore", "inherit"] });
let browser;
try {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + "/healthz")).ok) break; } catch (e) { /* not yet */ }
    await sleep(50);
  }
  // The wasm decoder is served as such, and the page may compile it.
  const wasm = await fetch(base + "/static/zxing_reader.wasm");
  check(wasm.ok && wasm.headers.get("content-type") === "application/wasm", `zxing_reader.wasm: ${wasm.status} ${wasm.headers.get("content-type")}`);
  check(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())), "zxing_reader.wasm is valid WebAssembly");
  check((wasm.headers.get("content-security-policy") || "").includes("'wasm-unsafe-eval'"), "the CSP allows WebAssembly");

  browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });

  async function door(init) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem("door", "door-1"));
    // The served decoder, whatever this Chromium has.
    await context.addInitScript(() => { delete window.BarcodeDetector; });
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const away = [];
    page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) away.push(r.url()); });
    await page.goto(base + "/login?next=/events/club/scan");
    await page.fill("input[name=name]", "door");
    await page.fill("input[name=password]", "door-password-1");
    await page.click("button.primary");
    await page.waitForURL(/\/events\/club\/scan$/);
    await page.waitForSelector("#scanner[data-copy='5']", { timeout: 10000 });
    return { context, page, errors, away };
  }

  // --- Two codes through the camera -------------------------------------------
  const { context, page, errors, away } = await door();
  await page.evaluate(() => {
    // Every result shown (as in wedge.mjs), every code handed to the door,
    // and every frame in which the decoder found a code.
    window.shown = [];
    const result = document.getElementById("result");
    new MutationObserver(() => {
      if (!result.classList.contains("show")) return;
      const line = result.className + " | " + document.getElementById("result-head").textContent + " | " + document.getElementById("result-detail").textContent;
      if (window.shown[window.shown.length - 1] !== line) window.shown.push(line);
    }).observe(result, { attributes: true, childList: true, subtree: true, characterData: true });
    window.handed = [];
    document.getElementById("scanner").addEventListener("door-code", (e) => window.handed.push({ code: e.detail, at: Date.now() }));
    window.sightings = [];
  });
  check(await page.isVisible("#camera-start"), "the Camera button shows");
  check(!(await page.isVisible("#camera-video")), "no video before Camera is pressed");
  const started = Date.now();
  await page.click("#camera-start");
  // Count the frames in which the decoder saw a code, once it is loaded.
  await until("the decoder to load", () => page.evaluate(() => {
    if (!window.ZXingWASM || !window.ZXingWASM.readBarcodes) return false;
    if (!window.ZXingWASM.counted) {
      const read = window.ZXingWASM.readBarcodes;
      window.ZXingWASM.readBarcodes = (...args) => read(...args).then((found) => {
        found.filter((r) => r.isValid).forEach((r) => window.sightings.push({ code: r.text, at: Date.now() }));
        return found;
      });
      window.ZXingWASM.counted = true;
    }
    return true;
  }));
  await page.waitForSelector("#camera-video", { state: "visible", timeout: 5000 });
  check(await page.isVisible("#camera-stop"), "a Stop button while the camera runs");
  check(await page.evaluate(() => document.activeElement.id === "code"), "the code field keeps the keyboard");

  await until(`${a.code} green`, () => page.evaluate((name) => window.shown.some((l) => l.includes("green") && l.includes(name)), a.name), 15000);
  const greenA = Date.now();
  // A's result goes after 1.5 s while A is still before the camera.
  await until("the result to go", () => page.evaluate(() => !document.getElementById("result").classList.contains("show")), 5000);
  await page.screenshot({ path: join(shots, "camera-phone.png") });
  await until(`${b.code} green`, () => page.evaluate((name) => window.shown.some((l) => l.includes("green") && l.includes(name)), b.name), 15000);
  // B stays before the camera for the rest of its 4 s, then it is gone.
  await until("B out of sight", () => page.evaluate((code) => {
    const s = window.sightings.filter((x) => x.code === code);
    return s.length && Date.now() - s[s.length - 1].at > 600;
  }, b.code), 10000);
  const seen = await page.evaluate(() => window.sightings);
  const handed = await page.evaluate(() => window.handed);
  const span = (code) => { const s = seen.filter((x) => x.code === code); return s.length ? s[s.length - 1].at - s[0].at : 0; };
  const frames = (code) => seen.filter((x) => x.code === code).length;
  check(span(a.code) >= 2000 && frames(a.code) >= 10, `the camera saw ${a.code} for ${span(a.code)} ms in ${frames(a.code)} frames`);
  check(span(b.code) >= 2000 && frames(b.code) >= 10, `the camera saw ${b.code} for ${span(b.code)} ms in ${frames(b.code)} frames`);
  check(handed.map((h) => h.code).join(",") === `${a.code},${b.code}`, `codes handed to the door: ${JSON.stringify(handed)}`);
  // B went as soon as it was seen (A's 3 s wait is for A alone).
  const firstB = seen.find((x) => x.code === b.code).at;
  check(handed[1].at - firstB < 300, `B handed ${handed[1].at - firstB} ms after it was first seen`);

  const rows = JSON.parse(cli("--json", "db", "sql", "SELECT typed, outcome FROM scans ORDER BY id")).rows;
  const scans = rows.map((r) => [String(r[0] ?? r.typed).toUpperCase(), r[1] ?? r.outcome]);
  check(JSON.stringify(scans) === JSON.stringify([[a.code, "admitted"], [b.code, "admitted"]]),
    `the scan log holds A and B admitted once each: ${JSON.stringify(scans)}`);
  const status = JSON.parse(cli("--json", "tickets", "--event", "club"));
  check(status.filter((t) => t.code === a.code || t.code === b.code).every((t) => t.status === "used" || t.used_at),
    `A and B are used: ${JSON.stringify(status.slice(0, 2))}`);
  const shown = await page.evaluate(() => window.shown);
  check(shown.length === 2 && shown.every((l) => l.includes("green") && l.includes("Welcome")), `two green results: ${JSON.stringify(shown)}`);

  // The page hidden: the camera rests; shown again: it comes back.
  const hide = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, "hidden", { value: h, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: h ? "hidden" : "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  const live = () => page.evaluate(() => {
    const s = document.getElementById("camera-video").srcObject;
    return !!s && s.getTracks().some((t) => t.readyState === "live");
  });
  check(await live(), "the camera runs");
  await hide(true);
  check(!(await live()), "the camera stops while the page is hidden");
  await hide(false);
  await until("the camera back", live, 5000);
  // Stop: the video goes, the button comes back, the keyboard still works.
  await page.click("#camera-stop");
  check(!(await live()) && !(await page.isVisible("#camera-video")) && await page.isVisible("#camera-start"), "Stop stops the camera");
  const sw = await page.evaluate(() => caches.open("door-v1").then((c) => Promise.all(
    ["/static/camera.js", "/static/zxing_reader.js", "/static/zxing_reader.wasm"].map((u) => c.match(u).then((r) => !!r)))));
  check(sw.every(Boolean), `the service worker keeps the camera's files for offline use: ${sw}`);
  check(away.length === 0, "requests away from the site: " + away.join(", "));
  check(errors.length === 0, "page errors: " + errors.join("; "));

  // --- A denied permission, said plainly ---------------------------------------
  const denied = await door(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  });
  await denied.page.click("#camera-start");
  await until("the denied line", () => denied.page.evaluate(() => /denied/.test(document.getElementById("camera-note").textContent)), 5000);
  check(await denied.page.isVisible("#camera-start") && !(await denied.page.isVisible("#camera-video")), "after a denial the Camera button stays, no video");
  await denied.context.close();

  // --- No camera for this page (plain HTTP on a LAN) -------------------------
  // 127.0.0.1 counts as secure, so the page is told otherwise, as over HTTP.
  const plain = await door(() => {
    Object.defineProperty(window, "isSecureContext", { value: false });
    delete Navigator.prototype.mediaDevices;
  });
  const line = await plain.page.textContent("#camera-note");
  check(!(await plain.page.isVisible("#camera-start")), "no Camera button without HTTPS");
  check(await plain.page.isVisible("#camera-note") && /HTTPS/.test(line) && /--tls-cert/.test(line), `the page says the camera needs HTTPS: ${line}`);
  // The keyboard still decides codes.
  await plain.page.keyboard.type(tickets[2].code);
  await plain.page.waitForSelector("#result.show.green", { timeout: 5000 });
  await plain.page.waitForSelector("#result:not(.show)", { state: "attached", timeout: 5000 });
  await plain.page.screenshot({ path: join(shots, "camera-unavailable.png") });
  check(plain.errors.length === 0, "page errors: " + plain.errors.join("; "));

  await plain.context.close();

  // --- Offline: the server gone, the page and its decoder from the phone --------
  server.kill("SIGKILL");
  await page.reload();
  await page.waitForSelector("#scanner[data-copy='5']", { timeout: 10000 });
  check(await page.evaluate(() => !window.ZXingWASM), "a fresh page, no decoder yet");
  await page.click("#camera-start");
  await page.waitForSelector("#result.show.red", { timeout: 15000 });
  const offline = await page.textContent("#result");
  check(offline.includes("Already used (offline)") && offline.includes(a.name), `offline, A read again is red: ${offline}`);
  check(errors.length === 0, "page errors: " + errors.join("; "));
  await context.close();

  console.log(`camera e2e ok: ${a.code} seen for ${(span(a.code) / 1000).toFixed(1)} s and ${b.code} for ${(span(b.code) / 1000).toFixed(1)} s ` +
    `(${frames(a.code)} + ${frames(b.code)} frames read), each admitted once with its green result, ${a.code} green ${((greenA - started) / 1000).toFixed(1)} s after Camera; ` +
    `hidden page rests the camera, Stop stops it, a denial and a page without HTTPS are said; offline the page and its decoder come from the phone and ${a.code} read again is red`);
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
  // The video is some 20 MB.
  rmSync(dir, { recursive: true, force: true });
}
