import { createHash } from "node:crypto";

/**
 * The report's Content-Security-Policy: nothing is fetched, and an inline script runs only if its sha256 is listed
 * (the page's own, hashed from their exact text), so one smuggled in by text from a run would not. Inline styles
 * stay allowed: uPlot styles its elements. The policy is quotes, words and base64, safe in an attribute as is.
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map(
    (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`,
  );
  return `default-src 'none'; script-src ${hashes.join(" ")}; style-src 'unsafe-inline'; img-src data:`;
}
