import type { CleanReport } from "./driver.js";
import { drivers } from "./registry.js";

/** `portlab clean`: every driver removes what its killed runs left; a run still going is left alone. */
export async function cleanLeftovers(): Promise<CleanReport> {
  const removed: string[] = [];
  const live = new Set<string>();
  for (const driver of drivers) {
    const report = await driver.clean();
    removed.push(...report.removed);
    for (const id of report.live) live.add(id);
  }
  return { removed, live: [...live] };
}
