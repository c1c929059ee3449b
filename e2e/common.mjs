// What every browser test sets up: the debug binaries, a fresh SQLite
// database in a temp dir with ticket-cli pointed at it, ticket-web on a
// random port, and headless Chromium.
//
// TICKET_WEB_BIN / TICKET_CLI_BIN override the binaries, CHROMIUM the
// browser, CARGO_TARGET_DIR the target folder.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR || join(here, "..", "target");
export const webBin = process.env.TICKET_WEB_BIN || join(targetDir, "debug", "ticket-web");
export const cliBin = process.env.TICKET_CLI_BIN || join(targetDir, "debug", "ticket-cli");
export const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
/// Where screenshots go (e2e/screenshots).
export const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

export function check(cond, msg) { if (!cond) throw new Error(msg); }
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// A fresh database: `{ dir, port, base, env, cli }`. `cli(...args)` runs
/// ticket-cli on it and gives its output; `password` answers
/// --password-stdin.
export function sandbox(name, password) {
  const dir = mkdtempSync(join(tmpdir(), `ticket-${name}-`));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  // English command-line words, whatever this machine's locale.
  const env = { ...process.env, TICKET_DATABASE_URL: `sqlite://${join(dir, "tickets.db")}`, RUST_LOG: "warn", TICKET_LANG: "en" };
  const cli = (...args) => execFileSync(cliBin, args, { env, input: args.includes("--password-stdin") ? password + "\n" : undefined }).toString();
  return { dir, port, base, env, cli };
}

/// ticket-web on the sandbox's database and port, once /healthz answers.
export async function startServer(sb) {
  const server = spawn(webBin, [], { env: { ...sb.env, TICKET_LISTEN: `127.0.0.1:${sb.port}` }, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(sb.base + "/healthz")).ok) break; } catch (e) { /* not yet */ }
    await sleep(50);
  }
  return server;
}

/// Headless Chromium with `args` besides the usual ones.
export function launch(args = []) {
  return chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", ...args] });
}
