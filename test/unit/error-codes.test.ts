import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorCodes } from "../../src/core/error-codes.js";
import {
  ExitCode,
  environmentError,
  internalError,
  invalidInput,
  PortlabError,
} from "../../src/core/errors.js";

const srcDir = new URL("../../src/", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("error codes", () => {
  it("take their kind and exit code from the table", () => {
    expect(invalidInput("INVALID_FLAGS", "m", "h").exitCode).toBe(ExitCode.invalidInput);
    expect(environmentError("RUN_DIRECTORY_WRITE", "m", "h").exitCode).toBe(ExitCode.environment);
    expect(internalError("MODEL_INPUT", "m", "h").exitCode).toBe(ExitCode.internal);
    // A code used with the wrong kind, or one the table lacks, does not compile (tsc -p tsconfig.test.json).
    // @ts-expect-error NOT_ROOT is an environment code
    expect(invalidInput("NOT_ROOT", "m", "h").kind).toBe("environment");
    // @ts-expect-error not in the table
    expect(new PortlabError("NO_SUCH_CODE", "m", "h").exitCode).toBe(ExitCode.internal);
    const error = new PortlabError("NOT_ROOT", "m", "h");
    expect([error.kind, error.exitCode]).toEqual(["environment", ExitCode.environment]);
  });

  it("are each thrown somewhere in src/ (no code is declared and never used)", () => {
    const source = sourceFiles(srcDir)
      .filter((file) => !file.endsWith("error-codes.ts"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const unused = Object.keys(errorCodes).filter((code) => !source.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });
});
