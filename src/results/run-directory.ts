import { appendFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { environmentError, type PortlabError } from "../core/errors.js";

/** The run directory: summary.json, samples.ndjson, run.log and the run's other files. */
export interface RunDirectory {
  readonly path: string;
  readonly logPath: string;
  /** Replaces summary.json atomically (write, then rename), so a killed run leaves the last complete one. */
  writeSummary(summary: unknown): Promise<void>;
  /**
   * Appends NDJSON lines in call order (writes are queued), each batch in one write. After a failed write
   * (a full disk, say) nothing more is written and every call rejects with that RUN_DIRECTORY_WRITE error.
   */
  appendSamples(lines: readonly unknown[]): Promise<void>;
  /** Appends bytes to a file of the directory (a command client's log), in call order, creating it first. */
  appendFile(name: string, bytes: Buffer): Promise<void>;
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
}

/** A write into the run directory failed: the machine's doing (exit 3), never a bug. */
export function runDirectoryWriteError(path: string, cause: unknown): PortlabError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return environmentError(
    "RUN_DIRECTORY_WRITE",
    `cannot write the run directory: ${path}: ${reason}`,
    "free space on that disk or pass --out a writable directory elsewhere; the run stopped and tore down",
    cause,
  );
}

function reportingWrite<T>(path: string, write: Promise<T>): Promise<T> {
  return write.catch((error: unknown) => {
    throw runDirectoryWriteError(path, error);
  });
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
    await reportingWrite(path, mkdir(path, { recursive: true }));
  } else {
    const base = resolve("results", `${timestamp(startedAt)}-${name}`);
    await reportingWrite(resolve("results"), mkdir(resolve("results"), { recursive: true }));
    path = await reportingWrite(base, createUnique(base));
  }
  const samplesPath = join(path, "samples.ndjson");
  await reportingWrite(samplesPath, writeFile(samplesPath, ""));
  let appending: Promise<void> = Promise.resolve();
  const files = new Map<string, Promise<void>>();
  return {
    path,
    logPath: join(path, "run.log"),
    async writeSummary(summary) {
      const partial = join(path, `.summary.json.${process.pid}`);
      const summaryPath = join(path, "summary.json");
      try {
        await writeFile(partial, `${JSON.stringify(summary, null, 2)}\n`);
        await rename(partial, summaryPath);
      } catch (error) {
        await rm(partial, { force: true }).catch(() => undefined);
        throw runDirectoryWriteError(summaryPath, error);
      }
    },
    appendSamples(lines) {
      if (lines.length === 0) return appending;
      const text = lines.map((line) => `${JSON.stringify(line)}\n`).join("");
      appending = appending.then(() => reportingWrite(samplesPath, appendFile(samplesPath, text)));
      return appending;
    },
    appendFile(name, bytes) {
      const file = join(path, basename(name));
      const queued = (files.get(file) ?? Promise.resolve()).then(() =>
        reportingWrite(file, appendFile(file, bytes)),
      );
      files.set(file, queued);
      return queued;
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
