import { readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readProcessStatSync } from "./process-stat.js";

/** Written into a run's record directory so `portlab clean` can tell a live run from a killed one. */
interface Owner {
  readonly pid: number;
  readonly processStart: string | null;
}

const OWNER_FILE = "owner.json";

function processStartTime(pid: number): string | null {
  return readProcessStatSync(pid)?.startTime ?? null;
}

export async function writeOwnerFile(dir: string): Promise<void> {
  const owner: Owner = { pid: process.pid, processStart: processStartTime(process.pid) };
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
}

/** A sandbox dir this young may not have its owner file yet: its run is taken to be alive. */
const OWNER_FILE_GRACE_MS = 10_000;

function createdMomentsAgo(dir: string): boolean {
  try {
    return Date.now() - statSync(dir).mtimeMs < OWNER_FILE_GRACE_MS;
  } catch {
    return false;
  }
}

/** True when the process that created the sandbox is still running (a pid reused by another process does not count). */
export function ownerIsAlive(dir: string): boolean {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), "utf8")) as Owner;
  } catch {
    return createdMomentsAgo(dir);
  }
  const start = processStartTime(owner.pid);
  return start !== null && start === owner.processStart;
}
