import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { createRunDirectory } from "../../src/results/run-directory.js";

// /dev/full answers every write with ENOSPC: a real full disk for one file, without root or a small mount.
const fullDevice = "/dev/full";
const haveFullDevice = existsSync(fullDevice);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portlab-run-directory-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("run directory", () => {
  it("appends sample lines in call order", async () => {
    const directory = await createRunDirectory("x", new Date(), dir);
    void directory.appendSamples([{ t: 1 }, { t: 2 }]);
    await directory.appendSamples([{ t: 3 }]);
    expect(readFileSync(join(dir, "samples.ndjson"), "utf8")).toBe('{"t":1}\n{"t":2}\n{"t":3}\n');
  });

  it.skipIf(!haveFullDevice)(
    "turns a full disk under samples.ndjson into RUN_DIRECTORY_WRITE (exit 3)",
    async () => {
      symlinkSync(fullDevice, join(dir, "samples.ndjson"));
      const directory = await createRunDirectory("x", new Date(), dir); // truncating /dev/full writes nothing
      const error = await failureOf(directory.appendSamples([{ t: 1 }]));
      expect(isPortlabError(error) && [error.code, error.exitCode]).toEqual(["RUN_DIRECTORY_WRITE", 3]);
      expect((error as Error).message).toContain("ENOSPC");
      expect((error as Error).message).toContain(join(dir, "samples.ndjson"));
      // Later calls give the same error and write nothing more.
      expect(await failureOf(directory.appendSamples([{ t: 2 }]))).toBe(error);
      expect(await failureOf(directory.appendSamples([]))).toBe(error);
    },
  );

  it.skipIf(!haveFullDevice)(
    "turns a failed summary write into RUN_DIRECTORY_WRITE and leaves no partial file",
    async () => {
      const directory = await createRunDirectory("x", new Date(), dir);
      symlinkSync(fullDevice, join(dir, `.summary.json.${process.pid}`));
      const error = await failureOf(directory.writeSummary({ runs: [] }));
      expect(isPortlabError(error) && error.code).toBe("RUN_DIRECTORY_WRITE");
      expect(readdirSync(dir).sort()).toEqual(["samples.ndjson"]);
    },
  );
});
