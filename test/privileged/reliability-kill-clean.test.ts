import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stateDirOf } from "../../src/core/run-record.js";
import { withCleanLock } from "../support/clean-lock.js";
import {
  cliBuilt,
  leftoversOf,
  livePids,
  nginxMasterOf,
  type PortlabProcess,
  pidsInSandbox,
  removeSandboxes,
  runPortlab,
  sandboxIdsInRunLog,
  sandboxIdsOwnedBy,
  shortRun,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();
const run = (seconds: number, outDir: string) => shortRun(seconds, "--out", outDir);

interface Killed {
  readonly id: string;
  /** nginx master and workers: nothing stops them once the runner is gone. */
  readonly nginxPids: number[];
  /** Everything in the sandbox, the agents included (they exit by themselves when the runner's pipes close). */
  readonly pids: number[];
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** SIGKILLs a run (no teardown can happen) once `ready` resolves and returns what it held at that moment. */
async function killWhen(portlab: PortlabProcess, ready: Promise<void>): Promise<Killed> {
  await ready;
  const ids = sandboxIdsOwnedBy(portlab.pid);
  expect(ids).toHaveLength(1);
  const id = ids[0] as string;
  const master = nginxMasterOf(id);
  expect(master).not.toBeNull();
  // The server host also runs portlab's sampling agent, which exits by itself once the runner's pipe closes.
  const nginxPids = [
    ...new Set([master as number, ...pidsInSandbox(id, "s").filter((pid) => commandName(pid) === "nginx")]),
  ];
  const pids = [...new Set([...nginxPids, ...pidsInSandbox(id)])];
  portlab.signal("SIGKILL");
  const exit = await portlab.exited;
  expect(exit.signal).toBe("SIGKILL");
  return { id, nginxPids, pids };
}

describe.runIf(built)(
  "a SIGKILLed run leaves leftovers that `portlab clean` removes, sparing a live run",
  () => {
    const root = built ? mkdtempSync(join(tmpdir(), "plt-kill-")) : "";
    const sandboxes: string[] = [];
    afterAll(() => {
      removeSandboxes(sandboxes);
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it("kill mid-load and at nginx → leftovers; clean removes exactly them; the concurrent run completes with exit 0", () =>
      withCleanLock(async () => {
        // Killed mid-load: wait until the load has produced samples.
        const midLoadOut = join(root, "mid-load");
        const midLoad = startPortlab(run(20, midLoadOut));
        const samples = join(midLoadOut, "samples.ndjson");
        const killedMidLoad = await killWhen(
          midLoad,
          midLoad.waitFor(
            "samples.ndjson to have lines",
            () => existsSync(samples) && statSync(samples).size > 0,
          ),
        );
        sandboxes.push(killedMidLoad.id);

        // Killed while paused right after nginx came up.
        const atNginx = startPortlab(run(3, join(root, "at-nginx")), { hooks: { pauseAt: "nginx" } });
        const killedAtNginx = await killWhen(atNginx, atNginx.waitForStderr("portlab-pause: nginx"));
        sandboxes.push(killedAtNginx.id);

        // Nothing tore them down: namespaces, temp dirs and nginx (and the load worker) are all still there.
        for (const killed of [killedMidLoad, killedAtNginx]) {
          const left = leftoversOf([killed.id]);
          expect(left.filter((item) => item.startsWith("namespace "))).toHaveLength(2);
          expect(left).toContain(`directory ${stateDirOf(killed.id)}`);
          expect(left.some((item) => item.includes("nginx: master process"))).toBe(true);
          expect(livePids(killed.nginxPids)).toEqual(killed.nginxPids);
        }
        // summary.json is replaced atomically: the killed run still has a complete one.
        const partial = JSON.parse(readFileSync(join(midLoadOut, "summary.json"), "utf8")) as {
          finishedAt: unknown;
        };
        expect(partial.finishedAt).toBeNull();

        // A live run, started before clean and still in its load while clean runs.
        const liveOut = join(root, "live");
        const live = startPortlab(run(6, liveOut));
        await live.waitFor("the live run's sandbox", () => sandboxIdsInRunLog(liveOut).length === 1);
        const liveId = sandboxIdsInRunLog(liveOut)[0] as string;
        sandboxes.push(liveId);

        const clean = await runPortlab(["clean"]);
        expect(clean.code, clean.stderr).toBe(0);
        for (const killed of [killedMidLoad, killedAtNginx]) {
          expect(clean.stdout).toContain(`namespace portlab-${killed.id}-c`);
          expect(leftoversOf([killed.id])).toEqual([]);
          expect(livePids(killed.pids)).toEqual([]);
        }
        expect(clean.stdout).toContain(`left sandbox ${liveId} alone`);
        expect(clean.stdout).not.toContain(`portlab-${liveId}`);

        const liveExit = await live.exited;
        expect(liveExit.code, liveExit.stderr).toBe(0);
        const summary = JSON.parse(readFileSync(join(liveOut, "summary.json"), "utf8")) as {
          interrupted: boolean;
          runs: Array<{ requests: { ok: number } }>;
        };
        expect(summary.interrupted).toBe(false);
        expect(summary.runs).toHaveLength(1);
        expect(summary.runs[0]?.requests.ok).toBeGreaterThan(0);
        expect(leftoversOf([liveId])).toEqual([]);
      }));
  },
);
