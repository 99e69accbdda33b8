import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ExitCode,
  environmentError,
  internalError,
  invalidInput,
  PortlabError,
} from "../../src/core/errors.js";
import { allErrorCodes } from "../../src/engine/error-table.js";
import { dockerErrors } from "../../src/hosts/docker/docker-errors.js";

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
    invalidInput("NOT_ROOT", "m", "h");
    // @ts-expect-error a driver's codes are its own: the core constructors do not take them
    environmentError("DOCKER_ENGINE", "m", "h");
    const error = new PortlabError("NOT_ROOT", "environment", "m", "h");
    expect([error.kind, error.exitCode]).toEqual(["environment", ExitCode.environment]);
  });

  it("of a driver are its own, with their kind and exit code, listed with the rest", () => {
    expect(dockerErrors.environment("DOCKER_ENGINE", "m", "h").exitCode).toBe(ExitCode.environment);
    // @ts-expect-error not one of the docker driver's codes
    dockerErrors.environment("SANDBOX", "m", "h");
    const rows = allErrorCodes();
    expect(rows.find((row) => row.code === "DOCKER_ENGINE")).toMatchObject({
      exitCode: 3,
      declaredBy: "docker",
    });
    expect(rows.find((row) => row.code === "SANDBOX")).toMatchObject({ exitCode: 3, declaredBy: "netns" });
    const codes = rows.map((row) => row.code);
    expect(new Set(codes).size, "a code is declared twice").toBe(codes.length);
  });

  it("are each thrown somewhere in src/ (no code is declared and never used)", () => {
    const source = sourceFiles(srcDir)
      .filter((file) => !file.endsWith("error-codes.ts") && !file.endsWith("-errors.ts"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const unused = allErrorCodes()
      .map((row) => row.code)
      .filter((code) => !source.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });
});
