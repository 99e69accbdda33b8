import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's chromium; .ci/run installs it (apt-get install chromium). */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether browser tests can run; outside CI a missing chromium skips them visibly, under CI=true it fails. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.CI === "true") throw new Error(`browser tests cannot run under CI: ${reason}`);
  console.warn(`skipping browser tests: ${reason}`);
  return false;
}

export interface Browser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its fresh profile directory. */
  close(): Promise<void>;
}

/** Headless chromium with a fresh profile that never reaches the network on its own. */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "portlab-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
