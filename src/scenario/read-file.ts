import { open, stat } from "node:fs/promises";
import { unreadableScenario } from "./issues.js";
import { maxScenarioBytes } from "./read-yaml.js";

const pathHint = "check the path: a scenario is a YAML file such as scenarios/short-vs-pooled.yaml";

/** The text of a scenario file, refusing what is not a small UTF-8 text file, each with one clear line. */
export async function readScenarioFile(path: string): Promise<string> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadableScenario(path, fileErrorMessage(error), pathHint);
  });
  if (info.isDirectory()) throw unreadableScenario(path, "is a directory, not a scenario file", pathHint);
  if (!info.isFile()) throw unreadableScenario(path, "is not a regular file", pathHint);
  if (info.size > maxScenarioBytes) {
    throw unreadableScenario(
      path,
      `is ${info.size} bytes, larger than 1 MiB; a scenario is a short YAML file`,
      pathHint,
    );
  }
  const bytes = await readAtMost(path, maxScenarioBytes + 1);
  if (bytes.length > maxScenarioBytes)
    throw unreadableScenario(path, "is larger than 1 MiB; a scenario is a short YAML file", pathHint);
  if (bytes.includes(0))
    throw unreadableScenario(
      path,
      "looks binary (it contains NUL bytes); a scenario is a YAML text file",
      pathHint,
    );
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw unreadableScenario(path, "is not valid UTF-8 text; save it as UTF-8", pathHint);
  }
}

async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, "r").catch((error: unknown) => {
    throw unreadableScenario(path, fileErrorMessage(error), pathHint);
  });
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function fileErrorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "cannot be read: permission denied";
    case "EISDIR":
      return "is a directory, not a scenario file";
    default:
      return `cannot be read (${code ?? "unknown error"})`;
  }
}
