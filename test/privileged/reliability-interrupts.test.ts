import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  cliBuilt,
  leftoversOf,
  livePids,
  nginxMasterOf,
  type PortlabExit,
  type PortlabProcess,
  pidsInSandbox,
  removeSandboxes,
  sandboxIdsInRunLog,
  sandboxIdsOwnedBy,
  shortRun,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();

interface Summary {
  interrupted: boolean;
  finishedAt: string | null;
  runs: Array<{ requests: { sent: number } }>;
}

describe.runIf(built)("interrupting a run (real signals at deterministic stages)", () => {
  const outDirs: string[] = [];
  const sandboxes: string[] = [];
  const newOutDir = () => {
    const dir = join(mkdtempSync(join(tmpdir(), "plt-int-")), "out");
    outDirs.push(dir);
    return dir;
  };
  afterEach(() => {
    removeSandboxes(sandboxes.splice(0));
    for (const dir of outDirs.splice(0)) rmSync(join(dir, ".."), { recursive: true, force: true });
  });

  /** The run ended by the signal as documented: its exit code, a complete summary.json, nothing left behind. */
  function expectInterrupted(exit: PortlabExit, outDir: string, code: 129 | 130 | 143): Summary {
    expect(exit.signal, exit.stderr).toBeNull();
    expect(exit.code, exit.stderr).toBe(code);
    expect(exit.stderr).not.toContain("    at ");
    const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as Summary;
    expect(summary.interrupted).toBe(true);
    expect(summary.finishedAt).not.toBeNull();
    const ids = sandboxIdsInRunLog(outDir);
    sandboxes.push(...ids);
    expect(ids).toHaveLength(1);
    expect(leftoversOf(ids)).toEqual([]);
    return summary;
  }

  /** The processes inside the run's sandbox right now (checked dead after exit); with nginx up, its master is there. */
  function processesOf(portlab: PortlabProcess, nginxUp: boolean): number[] {
    const ids = sandboxIdsOwnedBy(portlab.pid);
    expect(ids).toHaveLength(1);
    const id = ids[0] as string;
    sandboxes.push(id);
    const master = nginxMasterOf(id);
    if (nginxUp) expect(master).not.toBeNull();
    return [...pidsInSandbox(id), ...(master === null ? [] : [master])];
  }

  /** Looks for the sandbox's nginx master every 25 ms until `stop()`, which says whether it was ever there. */
  function watchNginx(sandboxId: string): { stop(): boolean } {
    let seen = nginxMasterOf(sandboxId) !== null;
    const timer = setInterval(() => {
      if (nginxMasterOf(sandboxId) !== null) seen = true;
    }, 25);
    return {
      stop() {
        clearInterval(timer);
        return seen;
      },
    };
  }

  for (const stage of ["sandbox", "nginx"] as const) {
    const nginxUp = stage === "nginx";
    it(`SIGINT while paused at ${stage}: exit 130, interrupted summary, no run recorded, nginx ${nginxUp ? "stopped" : "never started"}, nothing left`, async () => {
      const outDir = newOutDir();
      const portlab = startPortlab([...shortRun(3), "--out", outDir], { hooks: { pauseAt: stage } });
      await portlab.waitForStderr(`portlab-pause: ${stage}`);
      const pids = processesOf(portlab, nginxUp);
      const nginx = watchNginx(sandboxIdsOwnedBy(portlab.pid)[0] as string);
      portlab.signal("SIGINT");
      const exit = await portlab.exited;
      // Interrupted in the sandbox stage, the run stops before its server stage: no nginx of it was ever running
      // (watched from the pause to the exit), it logged no server, and no nginx log was collected. At the nginx
      // stage the same watch sees it (so the watch works) and teardown stops it.
      expect(nginx.stop()).toBe(nginxUp);
      expect(readFileSync(join(outDir, "run.log"), "utf8").includes('"server ready"')).toBe(nginxUp);
      expect(existsSync(join(outDir, "nginx-error-0.log"))).toBe(nginxUp);
      const summary = expectInterrupted(exit, outDir, 130);
      expect(livePids(pids)).toEqual([]);
      // The load never began, so there is no run to report and no sample.
      expect(summary.runs).toEqual([]);
      expect(readFileSync(join(outDir, "samples.ndjson"), "utf8")).toBe("");
      // The 3 s pause runs out, then the run stops at its next abort check instead of starting the load.
      expect(exit.durationMs).toBeLessThan(15_000);
    });
  }

  it("SIGTERM while paused at nginx: exit 143, interrupted summary, nginx and namespaces gone", async () => {
    const outDir = newOutDir();
    const portlab = startPortlab([...shortRun(3), "--out", outDir], { hooks: { pauseAt: "nginx" } });
    await portlab.waitForStderr("portlab-pause: nginx");
    const pids = processesOf(portlab, true);
    portlab.signal("SIGTERM");
    const summary = expectInterrupted(await portlab.exited, outDir, 143);
    expect(livePids(pids)).toEqual([]);
    expect(summary.runs).toEqual([]);
  });

  /** An 8 s run, once its first samples are written: its directory, process and the pids in its sandbox. */
  async function midLoad(): Promise<{ outDir: string; portlab: PortlabProcess; pids: number[] }> {
    const outDir = newOutDir();
    const portlab = startPortlab([...shortRun(8), "--out", outDir]);
    const samples = join(outDir, "samples.ndjson");
    await portlab.waitFor(
      "samples.ndjson to have lines",
      () => existsSync(samples) && statSync(samples).size > 0,
    );
    return { outDir, portlab, pids: processesOf(portlab, true) };
  }

  it("SIGINT mid-load: exit 130, partial results with the run's requests, nothing left", async () => {
    const { outDir, portlab, pids } = await midLoad();
    // nginx master and workers in the server host, the load worker in the client host.
    expect(pids.length).toBeGreaterThanOrEqual(3);
    portlab.signal("SIGINT");
    const exit = await portlab.exited;
    const summary = expectInterrupted(exit, outDir, 130);
    expect(livePids(pids)).toEqual([]);
    // The worker stopped early and reported what it had done: a partial run, well short of 8 s × 300/s.
    expect(summary.runs).toHaveLength(1);
    expect(summary.runs[0]?.requests.sent).toBeGreaterThan(0);
    expect(summary.runs[0]?.requests.sent).toBeLessThan(8 * 300);
    expect(exit.durationMs).toBeLessThan(8_000);
  });

  it("SIGINT twice during teardown: the second only reports, teardown completes, exit 130, nothing left", async () => {
    const outDir = newOutDir();
    const portlab = startPortlab([...shortRun(2), "--out", outDir], {
      hooks: { pauseAt: "teardown" },
    });
    await portlab.waitForStderr("portlab-pause: teardown");
    portlab.signal("SIGINT");
    await portlab.waitForStderr("SIGINT received; stopping the load");
    portlab.signal("SIGINT");
    await portlab.waitForStderr("teardown is under way");
    const exit = await portlab.exited;
    const summary = expectInterrupted(exit, outDir, 130);
    // The load had finished before the signals: its run is in the summary.
    expect(summary.runs).toHaveLength(1);
    expect(summary.runs[0]?.requests.sent).toBeGreaterThan(0);
  });

  it("SIGHUP mid-load (a closed terminal): exit 129, partial results, nothing left", async () => {
    const { outDir, portlab, pids } = await midLoad();
    portlab.signal("SIGHUP");
    const summary = expectInterrupted(await portlab.exited, outDir, 129);
    expect(livePids(pids)).toEqual([]);
    expect(summary.runs).toHaveLength(1);
  });

  it("an error that escapes every handler still tears down: exit 1, nginx and namespaces gone", async () => {
    const outDir = newOutDir();
    const portlab = startPortlab([...shortRun(3), "--out", outDir], { hooks: { crashAt: "nginx" } });
    await portlab.waitForStderr("portlab-pause: nginx");
    const pids = processesOf(portlab, true);
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stderr).toContain("test hook: an uncaught error at nginx");
    expect(exit.stderr).toContain("tearing down what this run made");
    const ids = sandboxIdsInRunLog(outDir);
    sandboxes.push(...ids);
    expect(leftoversOf(ids)).toEqual([]);
    expect(livePids(pids)).toEqual([]);
  });
});
