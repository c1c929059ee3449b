// Paper at the door: the printable door list of a 200-guest event, printed
// by headless Chromium to PDF on A4 and on US Letter, has exactly one sheet
// per numbered page (no row spills onto an extra sheet) and every guest;
// a printable ticket prints on one page.
// Screenshots: e2e/screenshots/door-list-print.png (print media, first
// sheet), door-list-phone.png (the screen view at phone size) and
// ticket-print.png.
//
// Usage: node paper.mjs  (TICKET_WEB_BIN / TICKET_CLI_BIN override the debug
// binaries, CHROMIUM the browser)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, sleep, shots, sandbox, startServer, launch } from "./common.mjs";

const sb = sandbox("paper", "admin-password-1");
const { dir, base, cli } = sb;

// Long and accented names too: a row stays one line, whatever the name.
const first = ["Anna", "Jonas", "Élodie", "Søren", "Maximilian-Alexander", "Zoë", "Li", "Bartholomew"];
const last = ["Berg", "Weber", "Ångström", "Ozil", "von Hohenzollern-Sigmaringen-Wittelsbach", "Ng", "O'Neill", "Smith"];
const rows = Array.from({ length: 200 }, (_, i) => `"${first[i % 8]} ${last[(i * 3) % 8]}${i}",guest${i}@example.org`);
cli("event", "create", "School Ball", "--slug", "ball", "--date", "2026-12-18");
writeFileSync(join(dir, "guests.csv"), "Name,Email\n" + rows.join("\n") + "\n");
cli("import", join(dir, "guests.csv"), "--event", "ball");
cli("user", "add", "ada", "--role", "admin", "--password-stdin");
const tickets = JSON.parse(cli("--json", "tickets", "--event", "ball"));
check(tickets.length === 200, "200 tickets");
cli("scan", tickets[3].code, "--event", "ball");
// Long codes (10 letters) must print whole too.
cli("event", "create", "Long Codes", "--slug", "long", "--code-length", "10");
writeFileSync(join(dir, "long.csv"), "Name,Email\n" + rows.slice(0, 30).join("\n") + "\n");
cli("import", join(dir, "long.csv"), "--event", "long");

// Whether any code cell cuts its code (an ellipsis instead of letters).
const cutCodes = (page) => page.locator("td.code").evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent));

// PDF pages: Chromium writes one "/Type /Page" dictionary per sheet.
const pdfPages = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;

const server = await startServer(sb);
let browser;
try {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/login?next=/events/ball/tickets");
  await page.fill("input[name=name]", "ada");
  await page.fill("input[name=password]", "admin-password-1");
  await page.click("button.primary");
  await page.waitForURL(/\/events\/ball\/tickets$/);
  check(await page.locator("a[href='/events/ball/door-list']").count() === 1, "the tickets page links the door list");

  await page.goto(base + "/events/ball/door-list");
  const sheets = await page.locator("section.sheet").count();
  check(sheets === 8, `200 guests on 8 sheets, got ${sheets}`);
  const headings = await page.locator(".head .page").allTextContents();
  check(headings.join("|") === Array.from({ length: 8 }, (_, i) => `Page ${i + 1} of 8`).join("|"), `numbered pages: ${headings}`);
  const codes = await page.locator("td.code").allTextContents();
  check(codes.length === 200 && new Set(codes).size === 200, `every guest once: ${codes.length}`);
  for (const t of tickets) check(codes.includes(t.code), `${t.code} listed`);
  // Every row one line high, also with the longest names, at paper width.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 });
  const heights = await page.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
  check(Math.max(...heights) - Math.min(...heights) < 1, `rows of one height: ${Math.min(...heights)}..${Math.max(...heights)}`);
  await page.screenshot({ path: join(shots, "door-list-print.png"), clip: { x: 0, y: 0, width: 794, height: 1123 } });
  const cut = await cutCodes(page);
  check(cut.length === 0, `no code is cut: ${cut}`);
  for (const format of ["A4", "Letter"]) {
    const pdf = await page.pdf({ format, printBackground: false });
    const n = pdfPages(pdf);
    check(n === 8, `${format}: 8 printed pages, got ${n}`);
    writeFileSync(join(shots, `door-list-${format}.pdf`), pdf);
  }
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, "door-list-phone.png") });

  await page.goto(base + "/events/long/door-list");
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 });
  const longCut = await cutCodes(page);
  check(longCut.length === 0, `no 10-letter code is cut: ${longCut}`);
  check((await page.locator("td.code").first().textContent()).length === 10, "10-letter codes");
  await page.screenshot({ path: join(shots, "door-list-long-codes.png"), clip: { x: 0, y: 0, width: 794, height: 500 } });
  await page.emulateMedia({ media: "screen" });

  await page.goto(base + `/events/ball/tickets/${tickets[0].code}/print`);
  check((await page.locator("p.code").textContent()) === tickets[0].code, "the ticket shows its code");
  check(await page.locator("img[alt^='QR code']").evaluate((img) => img.complete && img.naturalWidth > 0), "the QR image loads");
  await page.emulateMedia({ media: "print" });
  const ticketPdf = await page.pdf({ format: "A4" });
  check(pdfPages(ticketPdf) === 1, "a ticket prints on one page");
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: join(shots, "ticket-print.png") });
  check(errors.length === 0, `no page errors: ${errors}`);
  console.log("paper: door list of 200 guests on 8 numbered pages (A4 and Letter), ticket on 1 page");
} finally {
  if (browser) await browser.close();
  server.kill("SIGKILL");
}
