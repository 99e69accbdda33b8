import { appendFile, mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface RunDirectory {
  readonly path: string;
  readonly logPath: string;
  /** Replaces summary.json atomically (write, then rename), so a killed run leaves the last complete one. */
  writeSummary(summary: unknown): Promise<void>;
  /** Appends NDJSON lines in call order (writes are queued), each batch in one write. */
  appendSamples(lines: readonly unknown[]): Promise<void>;
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
}

/** results/<timestamp>-<name>/ (a numeric suffix when a concurrent run took the name), or exactly `outDir`. */
export async function createRunDirectory(
  name: string,
  startedAt: Date,
  outDir: string | null,
): Promise<RunDirectory> {
  let path: string;
  if (outDir !== null) {
    path = resolve(outDir);
    await mkdir(path, { recursive: true });
  } else {
    const base = resolve("results", `${timestamp(startedAt)}-${name}`);
    await mkdir(resolve("results"), { recursive: true });
    path = await createUnique(base);
  }
  const samplesPath = join(path, "samples.ndjson");
  await writeFile(samplesPath, "");
  let appending: Promise<void> = Promise.resolve();
  return {
    path,
    logPath: join(path, "run.log"),
    async writeSummary(summary) {
      const partial = join(path, `.summary.json.${process.pid}`);
      await writeFile(partial, `${JSON.stringify(summary, null, 2)}\n`);
      await rename(partial, join(path, "summary.json"));
    },
    appendSamples(lines) {
      if (lines.length === 0) return appending;
      const text = lines.map((line) => `${JSON.stringify(line)}\n`).join("");
      appending = appending.then(() => appendFile(samplesPath, text));
      return appending;
    },
  };
}

async function createUnique(base: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}
