import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  cliBuilt,
  leftoversOf,
  newNamespacesOf,
  portlabNamespaces,
  removeSandboxes,
  repoRoot,
  runPortlab,
  sandboxIdsInRunLog,
  shortRun,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();
const SETPRIV = "/usr/bin/setpriv";
const hasSetpriv = existsSync(SETPRIV);
if (built && !hasSetpriv) {
  // Under CI a missing prerequisite is a failure, never a silent skip.
  if (process.env.CI === "true") throw new Error("the not-root test needs setpriv (util-linux) under CI");
  console.warn("skipping the not-root test: setpriv (util-linux) is not installed");
}
const SHORT_RUN = shortRun(3);

/** Every readable value under /proc/sys/net/{ipv4,core} of the host (initial) namespace, by path. */
const PER_INTERFACE = /^\/proc\/sys\/net\/ipv4\/(conf|neigh)\/(?!all\/|default\/)/;

function hostNetSysctls(): Map<string, string> {
  const values = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        try {
          values.set(path, readFileSync(path, "utf8"));
        } catch {
          // Write-only files (route/flush) cannot be read, so there is nothing to compare.
        }
      }
    }
  };
  walk("/proc/sys/net/ipv4");
  walk("/proc/sys/net/core");
  return values;
}

interface Summary {
  interrupted: boolean;
  runs: Array<{
    profile: string;
    explanation: string;
    sysctls: Record<string, string>;
    requests: { ok: number };
  }>;
}

describe.runIf(built)("the environment: refusals, the host left untouched, no shell", () => {
  const root = built ? mkdtempSync(join(tmpdir(), "plt-env-")) : "";
  const sandboxes: string[] = [];
  afterEach(() => removeSandboxes(sandboxes.splice(0)));
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.runIf(hasSetpriv)("not root: exit 3, the fix says sudo, nothing created", async () => {
    // /tmp is writable by nobody, so a missing directory here shows the refusal came before any write.
    const outDir = join(tmpdir(), `plt-nobody-${process.pid}`);
    const before = portlabNamespaces();
    const exit = await runPortlab([...SHORT_RUN, "--out", outDir], {
      cwd: "/",
      wrapper: [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups"],
    });
    rmSync(outDir, { recursive: true, force: true });
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.stderr).toMatch(/^portlab: .*root/);
    expect(exit.stderr).toMatch(/fix: .*sudo/);
    expect(exit.stderr).not.toContain("    at ");
    expect(existsSync(outDir)).toBe(false);
    expect(newNamespacesOf(exit.pid, before)).toEqual([]);
  });

  it("a sysctl this kernel lacks (tcp_tw_recycle): exit 3 naming it and 'removed in 4.12', nothing created", async () => {
    const outDir = join(root, "recycle");
    const before = portlabNamespaces();
    const exit = await runPortlab([...SHORT_RUN, "--sysctl", "net.ipv4.tcp_tw_recycle=1", "--out", outDir], {
      cwd: root,
    });
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.stderr).toContain("net.ipv4.tcp_tw_recycle");
    expect(exit.stderr).toContain("removed in 4.12");
    expect(exit.stderr).toContain("fix: ");
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(join(root, "results"))).toBe(false);
    // The capability probe made (and removed) a namespace of its own; none is left.
    expect(newNamespacesOf(exit.pid, before)).toEqual([]);
  });

  it("a run with several sysctls sets them in the sandbox only: every host net.ipv4/net.core value is unchanged", async () => {
    const before = hostNetSysctls();
    expect(before.size).toBeGreaterThan(100);
    const outDir = join(root, "host");
    const exit = await runPortlab(
      [
        ...SHORT_RUN,
        "--sysctl",
        "tcp_tw_reuse=1",
        "--sysctl",
        "tcp_fin_timeout=10",
        "--port-range",
        "40000-40999",
        "--out",
        outDir,
      ],
      { cwd: root },
    );
    const after = hostNetSysctls();
    sandboxes.push(...sandboxIdsInRunLog(outDir));
    expect(exit.code, exit.stderr).toBe(0);
    // They were applied (read back inside the client host)...
    const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as Summary;
    expect(summary.runs[0]?.sysctls).toMatchObject({
      "net.ipv4.tcp_tw_reuse": "1",
      "net.ipv4.tcp_fin_timeout": "10",
      "net.ipv4.ip_local_port_range": "40000 40999",
    });
    // ...and the host kept its own. Measured on an idle host: no file here changes by itself over several
    // seconds (only route/flush is unreadable). Per-interface files come and go with the interfaces that tests
    // running alongside create (docker bridges, veths), so those count only for interfaces there both times.
    const global = (keys: Iterable<string>) => [...keys].filter((path) => !PER_INTERFACE.test(path)).sort();
    expect(global(after.keys())).toEqual(global(before.keys()));
    const changed = [...before]
      .filter(([path]) => after.has(path) || !PER_INTERFACE.test(path))
      .filter(([path, value]) => after.get(path) !== value)
      .map(([path]) => path);
    expect(changed).toEqual([]);
    expect(leftoversOf(sandboxIdsInRunLog(outDir))).toEqual([]);
  });

  // A real full disk: the run directory on a tmpfs of three pages (a page per file), full within seconds of load.
  it("a full disk under the run directory: exit 3 RUN_DIRECTORY_WRITE, the load stops early, teardown done", async () => {
    const disk = join(root, "small-disk");
    mkdirSync(disk);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=12k", "tmpfs", disk]);
    try {
      const outDir = join(disk, "out");
      const before = portlabNamespaces();
      const exit = await runPortlab(
        ["run", "--client", "short", "--rate", "300", "--duration", "20s", "--out", outDir],
        { cwd: root },
      );
      const ids = sandboxIdsInRunLog(outDir);
      sandboxes.push(...ids);
      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).toMatch(/^portlab: cannot write the run directory: .*: ENOSPC/m);
      expect(exit.stderr).toContain("code: RUN_DIRECTORY_WRITE");
      expect(exit.stderr).not.toContain("internal error");
      expect(exit.stderr).not.toContain("    at ");
      // The disk filled within the first seconds, so the 20 s load was asked to stop right away.
      expect(exit.durationMs).toBeLessThan(15_000);
      // The run's hosts were torn down: none of its namespaces, veths, processes or temp dirs remain.
      expect(leftoversOf(ids)).toEqual([]);
      expect(newNamespacesOf(exit.pid, before)).toEqual([]);
    } finally {
      execFileSync("umount", ["-l", disk]);
    }
  });

  it("shell syntax in free text, in the scenario path and in --out is only text: the run succeeds and nothing runs it", async () => {
    const pwned = "/tmp/portlab-pwned";
    rmSync(pwned, { force: true });
    // A file name cannot hold "/": this one would create portlab-pwned in the working directory if a shell saw it.
    const scenario = join(root, "$(touch portlab-pwned) `touch portlab-pwned`.yaml");
    copyFileSync(join(repoRoot, "test", "fixtures", "bad-flags", "injection-harmless-text.yaml"), scenario);
    const outDir = join(root, `$(touch ${pwned})`, "`touch /tmp/portlab-pwned`");
    const exit = await runPortlab(["run", scenario, "--out", outDir], { cwd: root });
    sandboxes.push(...sandboxIdsInRunLog(outDir));
    expect(exit.code, exit.stderr).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    expect(existsSync(join(root, "portlab-pwned"))).toBe(false);
    const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as Summary;
    expect(summary.runs[0]?.explanation).toBe("$(touch /tmp/portlab-pwned) `touch /tmp/portlab-pwned`");
    expect(summary.runs[0]?.requests.ok).toBeGreaterThan(0);
    expect(leftoversOf(sandboxIdsInRunLog(outDir))).toEqual([]);
  });
});
