import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KernelParamValues } from "../../src/inspect/kernel-params.js";
import { type Reading, readingOf } from "../../src/inspect/reading.js";

// The client namespace recorded by test/fixtures/inspect/record.sh (see inspect-diagnose.test.ts for what it holds).
const dir = join(import.meta.dirname, "../fixtures/inspect/client-busy");

/** One file of the recording. */
export const fixtureFile = (...path: string[]): Buffer => readFileSync(join(dir, ...path));

/** Reading 1 or 2 of the recording. */
export function fixtureReading(n: 1 | 2): Reading {
  const at = Number(fixtureFile(`reading-${n}`, "at-ms").toString("utf8"));
  const snmp = fixtureFile(`reading-${n}`, "snmp").toString("latin1");
  return readingOf(fixtureFile(`reading-${n}`, "tcp"), fixtureFile(`reading-${n}`, "tcp6"), snmp, at);
}

/** The recorded namespace's kernel parameters. */
export const fixtureValues: KernelParamValues = Object.fromEntries(
  fixtureFile("sysctls")
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [name, ...value] = line.split("\t");
      return [name as string, value.join(" ").trim()];
    }),
);
