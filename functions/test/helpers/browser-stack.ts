/**
 * The local stack `npm start` runs (Hosting → Functions emulator → Firestore emulator) with a headless Chromium
 * driven by puppeteer-core, for the browser tests. `CHROMIUM` is undefined where no Chromium is installed: the
 * caller skips, saying so (`.ci/run` installs it).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "puppeteer-core";
import { startFirestoreEmulator, type RunningEmulator } from "./firestore-emulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script without type declarations
const { startFirebaseEmulators } = require("../../../scripts/emulators.js");

export const ROOT = path.resolve(__dirname, "../../..");
export const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));

/** The local admin key (functions/.secret.local, which the emulator launcher creates when missing). */
export function localAdminKey(): string {
  const file = fs.readFileSync(path.join(ROOT, "functions/.secret.local"), "utf8");
  return /^ADMIN_API_KEY=(.*)$/m.exec(file)![1].trim();
}

export interface BrowserStack {
  /** `http://127.0.0.1:<port>`, Hosting's origin. */
  site: string;
  /** The API through Hosting: `${site}/api/v1`. */
  api: string;
  firestoreHost: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const firestore: RunningEmulator = await startFirestoreEmulator();
  let emulators: { base: string; stop(): Promise<void> } | undefined;
  let browser: Browser;
  try {
    emulators = (await startFirebaseEmulators({ firestoreHost: firestore.host })) as { base: string; stop(): Promise<void> };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where the browser tests run (Chromium is there)
    const puppeteer = require("puppeteer-core") as typeof import("puppeteer-core");
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  } catch (error) {
    await emulators?.stop();
    await firestore.stop();
    throw error;
  }
  return {
    site: emulators.base.replace(/\/api\/v1$/, ""),
    api: emulators.base,
    firestoreHost: firestore.host,
    browser,
    stop: async () => {
      await browser.close();
      await emulators.stop();
      await firestore.stop();
    },
  };
}
