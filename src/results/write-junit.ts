import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { environmentError, PortlabError } from "../core/errors.js";
import { replaceFile } from "../core/fresh-file.js";
import { checkOwnDirectory } from "../core/output-directory.js";

/**
 * Writes a JUnit file where CI asked for it (creating its folder): fresh and renamed into place, never through a
 * link, in a folder of root's or the sudo user's (else exit 2); a path that cannot be written exits 3.
 */
export async function writeJunitFile(path: string, xml: string): Promise<string> {
  const target = resolve(path);
  try {
    await mkdir(dirname(target), { recursive: true });
    await checkOwnDirectory("--junit", dirname(target), "pass --junit a path in a directory of your own");
    await replaceFile(target, xml);
  } catch (error) {
    if (error instanceof PortlabError) throw error;
    throw environmentError(
      "JUNIT_WRITE_FAILED",
      `cannot write the JUnit file ${target}: ${(error as Error).message}`,
      "pass --junit a path in a writable directory",
      error,
    );
  }
  return target;
}
