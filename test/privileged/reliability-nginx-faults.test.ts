import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  cliBuilt,
  leftoversOf,
  livePids,
  newNamespacesOf,
  nginxMasterOf,
  pidsInSandbox,
  portlabNamespaces,
  removeSandboxes,
  sandboxIdsInRunLog,
  sandboxIdsOwnedBy,
  shortRun,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();
// A wide client port range, so the only errors are the ones nginx's death causes (no EADDRNOTAVAIL).
const run = (seconds: number, outDir: string) =>
  shortRun(seconds, "--port-range", "20000-60999", "--out", outDir);

/** Passes `nginx -t` (as a real nginx would with portlab's config) and then fails to bind, like a port clash. */
const FAKE_NGINX = `#!/bin/sh
for arg in "$@"; do
  if [ "$arg" = "-t" ]; then exit 0; fi
done
echo 'nginx: [emerg] bind() to 198.18.0.1:8080 failed (98: Address already in use)' >&2
exit 1
`;

interface Summary {
  interrupted: boolean;
  runs: Array<{ requests: { sent: number; ok: number; failed: number }; errors: Record<string, number> }>;
}

describe.runIf(built)("nginx failures", () => {
  const root = built ? mkdtempSync(join(tmpdir(), "plt-nginx-")) : "";
  const sandboxes: string[] = [];
  afterEach(() => removeSandboxes(sandboxes.splice(0)));
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("nginx killed mid-run: the run finishes with exit 0 and reports the refused connections", async () => {
    const outDir = join(root, "dies");
    const portlab = startPortlab(run(4, outDir));
    const samples = join(outDir, "samples.ndjson");
    await portlab.waitFor(
      "samples.ndjson to have lines",
      () => existsSync(samples) && statSync(samples).size > 0,
    );
    const [id] = sandboxIdsOwnedBy(portlab.pid);
    expect(id).toBeDefined();
    sandboxes.push(id as string);
    const master = nginxMasterOf(id as string);
    expect(master).not.toBeNull();
    // A crash, not a shutdown: SIGKILL the master and its workers (nginx runs in its own process group).
    const nginxPids = pidsInSandbox(id as string, "s");
    process.kill(-(master as number), "SIGKILL");

    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(livePids(nginxPids)).toEqual([]);
    const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as Summary;
    expect(summary.interrupted).toBe(false);
    const result = summary.runs[0];
    expect(result?.requests.ok).toBeGreaterThan(0);
    expect(result?.requests.failed).toBeGreaterThan(0);
    // With no listener left in the server host, its kernel answers each SYN with a RST: ECONNREFUSED, for every
    // connection opened after the kill (about 2 s × 300/s). Requests in flight at the kill may also end in
    // ECONNRESET (the dying workers' sockets are reset); nothing else is expected.
    expect(result?.errors.ECONNREFUSED).toBeGreaterThan(100);
    expect(
      Object.keys(result?.errors ?? {}).filter(
        (code) => !["ECONNREFUSED", "ECONNRESET", "EPIPE"].includes(code),
      ),
    ).toEqual([]);
    expect(leftoversOf(sandboxIdsInRunLog(outDir))).toEqual([]);
  });

  it("nginx fails to start (bind error): exit 3 with nginx's message, nothing left", async () => {
    const fake = join(root, "fake-nginx");
    writeFileSync(fake, FAKE_NGINX);
    chmodSync(fake, 0o755);
    const outDir = join(root, "bind-fails");
    const before = portlabNamespaces();
    const portlab = startPortlab(run(3, outDir), { env: { PORTLAB_NGINX: fake } });
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.stderr).toMatch(
      /^portlab: nginx did not start on 198\.18\.\d+\.\d+:\d+: nginx exited with code 1/,
    );
    expect(exit.stderr).toContain("bind() to 198.18.0.1:8080 failed (98: Address already in use)");
    expect(exit.stderr).toContain("fix: ");
    expect(exit.stderr).not.toContain("    at ");
    const ids = sandboxIdsInRunLog(outDir);
    sandboxes.push(...ids);
    expect(ids).toHaveLength(1);
    expect(leftoversOf(ids)).toEqual([]);
    expect(newNamespacesOf(portlab.pid, before)).toEqual([]);
  });

  it("no nginx at all: exit 3 naming `portlab doctor --fix`, before anything is created", async () => {
    const outDir = join(root, "no-nginx");
    const before = portlabNamespaces();
    const portlab = startPortlab(run(3, outDir), { env: { PORTLAB_NGINX: "/nonexistent/nginx" } });
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.stderr).toContain("nginx is not installed");
    expect(exit.stderr).toContain("portlab doctor --fix");
    // The message, its fix and its code: three lines, no stack trace.
    expect(exit.stderr.trim().split("\n")).toHaveLength(3);
    expect(exit.stderr).toContain("code: NGINX_MISSING");
    expect(existsSync(outDir)).toBe(false);
    expect(newNamespacesOf(portlab.pid, before)).toEqual([]);
  });
});
