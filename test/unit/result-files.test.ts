import {
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { writeReport } from "../../src/report/write-report.js";
import { writeJunitFile } from "../../src/results/write-junit.js";
import { repoRoot } from "../support/portlab-process.js";
import { failureOf, isRoot, rootOnly } from "../support/root-only.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portlab-result-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A recorded run directory to write report.html into. */
function runDirectory(): string {
  const path = join(dir, "run");
  cpSync(join(repoRoot, "test", "fixtures", "runs", "ports-1000"), path, { recursive: true });
  return path;
}

describe("--junit and report DIR are written, never written through", () => {
  it("replaces a link planted at the --junit path; the link's target is untouched", async () => {
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious\n");
    const junit = join(dir, "ci", "thresholds.xml");
    mkdirSync(join(dir, "ci"));
    symlinkSync(victim, junit);
    await writeJunitFile(junit, "<testsuites/>\n");
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(lstatSync(junit).isSymbolicLink()).toBe(false);
    expect(readFileSync(junit, "utf8")).toBe("<testsuites/>\n");
    expect(readdirSync(join(dir, "ci"))).toEqual(["thresholds.xml"]);
  });

  it("refuses a --junit folder that is a link (exit 2, OUTPUT_PATH)", async () => {
    mkdirSync(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "linked"));
    const error = await failureOf(writeJunitFile(join(dir, "linked", "x.xml"), "<testsuites/>\n"));
    expect(isPortlabError(error) && [error.code, error.exitCode]).toEqual(["OUTPUT_PATH", 2]);
    expect(readdirSync(join(dir, "real"))).toEqual([]);
  });

  it("replaces a link planted at report.html", async () => {
    const run = runDirectory();
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious\n");
    symlinkSync(victim, join(run, "report.html"));
    await writeReport(run);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(lstatSync(join(run, "report.html")).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(run, "report.html"), "utf8")).toContain("<html");
  });

  it("refuses report DIR when it is a link", async () => {
    const run = runDirectory();
    symlinkSync(run, join(dir, "linked-run"));
    const error = await failureOf(writeReport(join(dir, "linked-run")));
    expect(isPortlabError(error) && error.code).toBe("OUTPUT_PATH");
    expect(readdirSync(run)).not.toContain("report.html");
  });

  it.skipIf(!isRoot)(`refuses report DIR in someone else's directory${rootOnly}`, async () => {
    const run = runDirectory();
    chownSync(run, 65534, 65534);
    const error = await failureOf(writeReport(run));
    expect(isPortlabError(error) && error.code).toBe("OUTPUT_PATH");
    expect((error as Error).message).toContain("belongs to uid 65534");
    expect(readdirSync(run)).not.toContain("report.html");
  });
});
