import { privilegedTestsWith } from "../support/prerequisites.js";

const enabled = privilegedTestsWith(["nft", "tcpdump"]);

import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { withCleanLock } from "../support/clean-lock.js";
import {
  cliBuilt,
  leftoversOf,
  livePids,
  type PortlabExit,
  pidsInSandbox,
  removeSandboxes,
  runPortlab,
  sandboxIdsInRunLog,
  sandboxIdsOwnedBy,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();

/** Two client hosts behind the NAT router, every host captured: the most a run makes. */
const natRun = (seconds: number, outDir: string) => [
  "run",
  "--profile",
  "nat",
  "--client",
  "short",
  "--close",
  "server-first",
  "--rate",
  "100",
  "--duration",
  `${seconds}s`,
  "--capture",
  "all",
  "--out",
  outDir,
];

/** Passes `nginx -t` and then fails to start: an error once the router and client hosts exist. */
const FAILING_NGINX = `#!/bin/sh
for arg in "$@"; do
  if [ "$arg" = "-t" ]; then exit 0; fi
done
echo 'nginx: [emerg] cannot start' >&2
exit 1
`;

const HOSTS = ["c1", "c2", "r", "s"];

describe.runIf(built)("a NAT run's router and client hosts are torn down however it ends", () => {
  const root = built ? mkdtempSync(join(tmpdir(), "plt-nat-")) : "";
  const sandboxes: string[] = [];
  afterEach(() => removeSandboxes(sandboxes.splice(0)));
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("an error after the hosts are up (nginx fails): exit 3, nothing left", async () => {
    const fake = join(root, "nginx");
    writeFileSync(fake, FAILING_NGINX);
    chmodSync(fake, 0o755);
    const outDir = join(root, "error");
    const exit = await runPortlab(natRun(2, outDir), { env: { PORTLAB_NGINX: fake } });
    expect(exit.code, exit.stderr).toBe(3);
    const ids = sandboxIdsInRunLog(outDir);
    sandboxes.push(...ids);
    expect(ids).toHaveLength(1);
    expect(leftoversOf(ids)).toEqual([]);
  });

  /** How a run stopped mid-load ends: SIGINT tears down itself; SIGKILL leaves the hosts to `portlab clean`. */
  const stops = [
    {
      signal: "SIGINT",
      outcome: "exit 130, the captures flushed, nothing left",
      async check(exit: PortlabExit, _id: string, outDir: string) {
        expect(exit.code, exit.stderr).toBe(130);
        for (const host of ["client-1", "client-2", "router", "server"])
          expect(statSync(join(outDir, `${host}-0.pcap`)).size, host).toBeGreaterThan(24);
      },
    },
    {
      signal: "SIGKILL",
      outcome: "the router and client hosts stay; portlab clean removes them and their captures",
      async check(exit: PortlabExit, id: string) {
        expect(exit.signal).toBe("SIGKILL");
        const left = leftoversOf([id]);
        for (const host of HOSTS) expect(left).toContain(`namespace portlab-${id}-${host}`);
        const clean = await runPortlab(["clean"]);
        expect(clean.code, clean.stderr).toBe(0);
        for (const host of HOSTS) expect(clean.stdout).toContain(`namespace portlab-${id}-${host}`);
      },
    },
  ] as const;

  for (const { signal, outcome, check } of stops)
    it(`${signal} mid-load, captures running: ${outcome}`, () =>
      withCleanLock(async () => {
        const outDir = join(root, signal.toLowerCase());
        const portlab = startPortlab(natRun(20, outDir));
        const samples = join(outDir, "samples.ndjson");
        await portlab.waitFor("samples", () => existsSync(samples) && statSync(samples).size > 0, 40_000);
        const [id] = sandboxIdsOwnedBy(portlab.pid);
        sandboxes.push(id as string);
        const pids = pidsInSandbox(id as string);
        expect(leftoversOf([id as string]).filter((item) => item.startsWith("namespace "))).toHaveLength(4);
        portlab.signal(signal);
        await check(await portlab.exited, id as string, outDir);
        expect(leftoversOf([id as string])).toEqual([]);
        expect(livePids(pids)).toEqual([]);
      }));
});
