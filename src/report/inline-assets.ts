import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { internalError } from "../core/errors.js";

export interface InlineAssets {
  readonly script: string;
  readonly style: string;
}

const require = createRequire(import.meta.url);

/** Text safe inside <script>…</script> or <style>…</style>: no closing tag can end the element early. */
export function safeInline(text: string, tag: "script" | "style"): string {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1");
}

/** JSON inside <script type="application/json">: `<` escaped so no `</script>` or `<!--` can appear. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

let cached: Promise<InlineAssets> | null = null;

/**
 * uPlot's browser build and stylesheet, read from the installed package and inlined into report.html so the
 * report opens from disk with no network.
 */
export function uplotAssets(): Promise<InlineAssets> {
  cached ??= Promise.all([
    readFile(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
    readFile(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
  ]).then(
    ([script, style]) => ({ script: safeInline(script, "script"), style: safeInline(style, "style") }),
    (error: unknown) => {
      cached = null;
      throw internalError(
        "REPORT_ASSETS_MISSING",
        `cannot read the uPlot chart library: ${(error as Error).message}`,
        "reinstall portlab (npm ci): the uplot package is one of its dependencies",
        error,
      );
    },
  );
  return cached;
}
