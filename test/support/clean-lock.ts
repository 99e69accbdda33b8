import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LOCK = join(tmpdir(), "portlab-tests-clean.lock");
const OWNER = join(LOCK, "pid");

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a test that kills a run and then calls `portlab clean` while no other test process does the same.
 * `npm test` runs the namespace and docker files in two processes at once, and a clean removes every dead run's
 * leftovers: without the lock, one file's clean would remove what another killed run left for its own clean to find.
 */
export async function withCleanLock<T>(body: () => Promise<T>, waitMs = 60_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(LOCK, { mode: 0o700 });
      writeFileSync(OWNER, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(OWNER, "utf8"));
      } catch {}
      // A holder that died (a killed test run) leaves the directory: it is taken over, not waited for.
      if (Number.isInteger(owner) && owner > 0 && !alive(owner))
        rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`${LOCK} is held by pid ${owner} for over ${waitMs} ms`);
      else await sleep(200);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
