import {
  appendFileSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ownerIsAlive, writeOwnerFile } from "./owner-file.js";
import { newRunId } from "./run-id.js";
import type { TeardownStack } from "./teardown-stack.js";

/**
 * Where runs keep their state: root's own, whatever TMPDIR says (sudo -E, PrivateTmp), so `portlab clean` sees
 * every run on this machine. One directory per run id, 0700, holding its record, owner file and scratch files.
 */
export const STATE_ROOT = "/run/portlab";
const RECORD_FILE = "record.ndjson";

export const stateDirOf = (runId: string): string => join(STATE_ROOT, runId);

/** One thing a run made (or was about to make): what `portlab clean` may remove, and only that. */
export interface RecordedResource {
  /** Which driver's clean-up removes it. */
  readonly driver: string;
  readonly kind: "namespace" | "link" | "container" | "network";
  readonly name: string;
}

/** Refuses a state directory that is not root's own real directory: portlab trusts nothing else there. */
function checkRootsOwn(path: string, what: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink() || !stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) {
    throw new Error(
      `${what} ${path} is not a directory only root can write (uid ${stats.uid}); remove it by hand`,
    );
  }
}

function makeRootsOwn(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  checkRootsOwn(path, "portlab's state directory");
}

/** A run's record: written before each resource is made, so a killed run's leftovers are known by name. */
export class RunRecord {
  private constructor(
    readonly runId: string,
    readonly dir: string,
    private readonly fd: number,
  ) {}

  /** Makes /run/portlab/<id>/ with its owner file and an empty record; fails if the id's directory exists. */
  static async create(runId: string): Promise<RunRecord> {
    makeRootsOwn(STATE_ROOT);
    const dir = stateDirOf(runId);
    mkdirSync(dir, { mode: 0o700 });
    await writeOwnerFile(dir);
    const fd = openSync(
      join(dir, RECORD_FILE),
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_APPEND,
      0o600,
    );
    return new RunRecord(runId, dir, fd);
  }

  /** Notes a resource before it is made (synchronously: a kill right after still finds it). */
  note(resource: RecordedResource): void {
    appendFileSync(this.fd, `${JSON.stringify(resource)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A new run id and its record. The record's directory goes last in teardown, and only when nothing is left (no
 * step failed, no stage still running): otherwise it stays, so `portlab clean` knows what to remove.
 */
export async function startRunRecord(teardown: TeardownStack): Promise<RunRecord> {
  const record = await RunRecord.create(newRunId());
  teardown.push(`remove the record ${record.dir}`, async () => {
    record.close();
    if (teardown.nothingLeft) await rm(record.dir, { recursive: true, force: true });
  });
  return record;
}

/** A run's record as `portlab clean` reads it. */
export interface RecordedRun {
  readonly runId: string;
  readonly dir: string;
  readonly alive: boolean;
  readonly resources: readonly RecordedResource[];
}

const RUN_ID = /^[0-9a-f]{8}$/;

function parseResource(line: string): RecordedResource | null {
  try {
    const value = JSON.parse(line) as Partial<RecordedResource>;
    if (typeof value.driver !== "string" || typeof value.name !== "string") return null;
    if (!["namespace", "link", "container", "network"].includes(value.kind ?? "")) return null;
    return value as RecordedResource;
  } catch {
    return null; // a line cut short by a kill
  }
}

/**
 * Every run's record under STATE_ROOT, with whether its portlab process still runs. A directory that is not root's
 * own, or a record that is a link, is reported in `refused` and never read further.
 */
export function readRunRecords(): { runs: RecordedRun[]; refused: string[] } {
  const runs: RecordedRun[] = [];
  const refused: string[] = [];
  let entries: string[];
  try {
    checkRootsOwn(STATE_ROOT, "portlab's state directory");
    entries = readdirSync(STATE_ROOT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { runs, refused };
    return { runs, refused: [(error as Error).message] };
  }
  for (const runId of entries.filter((name) => RUN_ID.test(name))) {
    const dir = stateDirOf(runId);
    try {
      checkRootsOwn(dir, "run record");
      const recordPath = join(dir, RECORD_FILE);
      let text = "";
      try {
        const record = lstatSync(recordPath);
        if (record.isSymbolicLink() || record.uid !== 0)
          throw new Error(`${recordPath} is not root's own file`);
        text = readFileSync(recordPath, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const resources = text
        .split("\n")
        .filter(Boolean)
        .map(parseResource)
        .filter((resource): resource is RecordedResource => resource !== null);
      runs.push({ runId, dir, alive: ownerIsAlive(dir), resources });
    } catch (error) {
      refused.push((error as Error).message);
    }
  }
  return { runs, refused };
}
