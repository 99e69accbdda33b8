import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { environmentError } from "../core/errors.js";

/** Writes a JUnit file where CI asked for it (creating its folder); a path that cannot be written exits 3. */
export async function writeJunitFile(path: string, xml: string): Promise<string> {
  const target = resolve(path);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, xml);
  } catch (error) {
    throw environmentError(
      "JUNIT_WRITE_FAILED",
      `cannot write the JUnit file ${target}: ${(error as Error).message}`,
      "pass --junit a path in a writable directory",
      error,
    );
  }
  return target;
}
