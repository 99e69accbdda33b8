import type { FileHandle } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { environmentError, PortlabError } from "../core/errors.js";
import { openFreshFile, replaceFile } from "../core/fresh-file.js";
import { checkOwnDirectory, makeOwnDirectory, prepareOutDirectory } from "../core/output-directory.js";

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
  /** Closes the files it holds open, once every queued write settled. */
  close(): Promise<void>;
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
    if (error instanceof PortlabError) throw error;
    throw runDirectoryWriteError(path, error);
  });
}

export interface RunDirectoryOptions {
  /** `--out`: exactly this directory (new or empty); null: results/<timestamp>-<name>/. */
  readonly outDir: string | null;
  /** `--force`: an `--out` that is not empty is written into anyway (fresh files only). */
  readonly force: boolean;
}

/**
 * results/<timestamp>-<name>/ (a numeric suffix when a concurrent run took the name), or exactly `outDir`. Every
 * file in it is made fresh by portlab (fresh-file.ts), so nothing planted in the directory is written through.
 */
export async function createRunDirectory(
  name: string,
  startedAt: Date,
  options: RunDirectoryOptions,
): Promise<RunDirectory> {
  let path: string;
  if (options.outDir !== null) {
    path = resolve(options.outDir);
    await reportingWrite(path, prepareOutDirectory(path, options.force));
  } else {
    const results = resolve("results");
    const fix = "pass --out a new directory, or run from a checkout whose results/ is yours";
    if ((await checkOwnDirectory("the results directory", results, fix)) === "absent") {
      await reportingWrite(results, makeOwnDirectory(results).catch(ignoreExisting));
      await checkOwnDirectory("the results directory", results, fix);
    }
    path = await reportingWrite(results, createUnique(join(results, `${timestamp(startedAt)}-${name}`)));
  }
  const samplesPath = join(path, "samples.ndjson");
  const samples = await reportingWrite(samplesPath, openFreshFile(samplesPath));
  let appending: Promise<void> = Promise.resolve();
  const files = new Map<string, Promise<FileHandle>>();
  const queues = new Map<string, Promise<void>>();
  return {
    path,
    logPath: join(path, "run.log"),
    async writeSummary(summary) {
      const summaryPath = join(path, "summary.json");
      await reportingWrite(summaryPath, replaceFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`));
    },
    appendSamples(lines) {
      if (lines.length === 0) return appending;
      const text = lines.map((line) => `${JSON.stringify(line)}\n`).join("");
      appending = appending.then(() => reportingWrite(samplesPath, samples.appendFile(text)));
      return appending;
    },
    appendFile(name, bytes) {
      const file = join(path, basename(name));
      let handle = files.get(file);
      if (handle === undefined) {
        handle = openFreshFile(file);
        files.set(file, handle);
      }
      const opened = handle;
      const queued = (queues.get(file) ?? Promise.resolve()).then(() =>
        reportingWrite(
          file,
          opened.then((open) => open.appendFile(bytes)),
        ),
      );
      queues.set(file, queued);
      return queued;
    },
    async close() {
      await Promise.allSettled([appending, ...queues.values()]);
      const handles = await Promise.allSettled([Promise.resolve(samples), ...files.values()]);
      for (const handle of handles)
        if (handle.status === "fulfilled") await handle.value.close().catch(() => undefined);
    },
  };
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== "EEXIST") throw error;
}

async function createUnique(base: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await makeOwnDirectory(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}
