import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { STATE_ROOT, stateDirOf } from "../../src/core/run-record.js";
import { RUN_LABEL } from "../../src/hosts/docker/docker-cli.js";
import { withCleanLock } from "../support/clean-lock.js";
import {
  cliBuilt,
  leftoversOf,
  nginxMasterOf,
  portlabNamespaces,
  removeSandboxes,
  runPortlab,
  sandboxIdsInRunLog,
  shortRun,
  startPortlab,
} from "../support/portlab-process.js";
import { dockerTestsEnabled } from "../support/prerequisites.js";

const built = enabled && cliBuilt();

/** A PATH whose `ip` fails to delete namespaces ("injected failure") and does everything else with the real one. */
function failingIpPath(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "ip"),
    '#!/bin/sh\nif [ "$1" = netns ] && [ "$2" = del ]; then echo "injected failure" >&2; exit 1; fi\nexec /usr/sbin/ip "$@"\n',
  );
  chmodSync(join(bin, "ip"), 0o755);
  return `${bin}:${process.env.PATH ?? ""}`;
}

/** What an ordinary user or an accident would do to a root tool, done for real; nothing beyond it may change. */
describe.runIf(built)("root safety: what portlab writes, runs and leaves", () => {
  const dirs: string[] = [];
  const sandboxes: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "plt-safety-"));
    chmodSync(dir, 0o755); // the programs run as nobody and must reach their files
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    removeSandboxes(sandboxes.splice(0));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a planted link as --out, and a non-empty --out without --force: exit 2, nothing made", async () => {
    const dir = newDir();
    const victim = join(dir, "victim");
    mkdirSync(victim);
    symlinkSync(victim, join(dir, "link"));
    const before = portlabNamespaces();
    const linked = await runPortlab([...shortRun(1), "--out", join(dir, "link")]);
    expect(linked.code, linked.stderr).toBe(2);
    expect(linked.stderr).toContain("symbolic link");
    expect(linked.stderr).toContain("code: OUTPUT_PATH");
    writeFileSync(join(victim, "stale"), "x");
    const stale = await runPortlab([...shortRun(1), "--out", victim]);
    expect(stale.code, stale.stderr).toBe(2);
    expect(stale.stderr).toContain("is not empty");
    expect(stale.stderr).toContain("--force");
    expect(readdirSync(victim)).toEqual(["stale"]);
    expect(portlabNamespaces()).toEqual(before);
  });

  it("with --force, links planted at every file's name (a capture's too) are replaced, never written through", async () => {
    const dir = newDir();
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious\n");
    const out = join(dir, "out");
    mkdirSync(out);
    const names = [
      "summary.json",
      "samples.ndjson",
      "run.log",
      "report.html",
      "nginx-error-0.log",
      "client-0.pcap",
    ];
    for (const name of names) symlinkSync(victim, join(out, name));
    const exit = await runPortlab([...shortRun(1), "--capture", "client", "--out", out, "--force"]);
    sandboxes.push(...sandboxIdsInRunLog(out));
    expect(exit.code, exit.stderr).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    for (const name of names) expect(lstatSync(join(out, name)).isSymbolicLink(), name).toBe(false);
    expect(readFileSync(join(out, "client-0.pcap")).length).toBeGreaterThan(24);
    expect(leftoversOf(sandboxes)).toEqual([]);
  });

  it("runs a command client as nobody with a clean environment; its output lands in its log", async () => {
    const dir = newDir();
    const program = join(dir, "whoami.js");
    writeFileSync(
      program,
      "console.log(JSON.stringify({ uid: process.getuid(), env: Object.keys(process.env).sort() }));\n",
    );
    chmodSync(program, 0o644);
    const out = join(dir, "out");
    const exit = await runPortlab(
      ["run", "--client-command", `${process.execPath} ${program}`, "--duration", "1s", "--out", out],
      { env: { PORTLAB_TEST_SECRET: "root's" } },
    );
    sandboxes.push(...sandboxIdsInRunLog(out));
    expect(exit.code, exit.stderr).toBe(0);
    const log = readFileSync(join(out, "client-0.log"), "utf8");
    const seen = JSON.parse(log.trim().split("\n")[0] ?? "{}") as { uid: number; env: string[] };
    expect(seen.uid).toBe(65534);
    expect(seen.env).not.toContain("PORTLAB_TEST_SECRET");
    expect(seen.env).toContain("PORTLAB_TARGET_URL");
  });

  it("a teardown step that fails (ip cannot remove a namespace) is exit 3 naming it and `portlab clean`", () =>
    withCleanLock(async () => {
      const dir = newDir();
      const out = join(dir, "out");
      const exit = await runPortlab([...shortRun(1), "--out", out], { env: { PATH: failingIpPath(dir) } });
      const ids = sandboxIdsInRunLog(out);
      sandboxes.push(...ids);
      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).toContain("code: TEARDOWN_FAILED");
      expect(exit.stderr).toMatch(/remove namespace portlab-\w+/);
      expect(exit.stderr).toContain("portlab clean");
      // The summary was still written: the run itself ran.
      expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).runs).toHaveLength(1);
      // What it could not remove is there (removed in afterEach with the real ip).
      expect(leftoversOf(ids).some((line) => line.startsWith("namespace "))).toBe(true);
      removeSandboxes(ids);
    }));

  it("clean removes only what dead runs recorded: look-alikes are listed, a failing ip is reported (exit 3) and retried", () =>
    withCleanLock(async () => {
      const dir = newDir();
      // Look-alikes no record names: a namespace with portlab's name, a container with its label.
      const lookalike = "portlab-0badc0de-c";
      execFileSync("ip", ["netns", "add", lookalike]);
      // A directory named like an old run's temp dir, and one in portlab's state directory that root did not make.
      const oldStyle = join(tmpdir(), "portlab-0badc0de");
      mkdirSync(oldStyle, { recursive: true });
      writeFileSync(join(oldStyle, "keep"), "mine\n");
      mkdirSync(STATE_ROOT, { recursive: true, mode: 0o700 });
      const planted = join(STATE_ROOT, "0badc0de");
      mkdirSync(planted);
      chownSync(planted, 65534, 65534);
      const container = `lookalike-${process.pid}`;
      const docker = dockerTestsEnabled();
      if (docker)
        execFileSync("docker", [
          "create",
          "--name",
          container,
          "--label",
          `${RUN_LABEL}=0badc0de`,
          "portlab",
          "true",
        ]);
      try {
        // A run killed mid-load leaves its namespaces and its record.
        const out = join(dir, "killed");
        const killed = startPortlab([...shortRun(8), "--out", out]);
        await killed.waitFor("the run's sandbox", () => sandboxIdsInRunLog(out).length === 1);
        const id = sandboxIdsInRunLog(out)[0] as string;
        sandboxes.push(id);
        await killed.waitFor("its server", () => nginxMasterOf(id) !== null);
        killed.signal("SIGKILL");
        await killed.exited;
        expect(leftoversOf([id]).filter((line) => line.startsWith("namespace "))).toHaveLength(2);

        // clean with an ip that cannot delete namespaces: it reports each, keeps the record, exit 3.
        const failing = await runPortlab(["clean"], { env: { PATH: failingIpPath(dir) } });
        expect(failing.code, failing.stderr).toBe(3);
        expect(failing.stderr).toContain("code: CLEAN_FAILED");
        expect(failing.stderr).toContain(`namespace portlab-${id}-c: injected failure`);
        expect(failing.stderr).toContain(`namespace portlab-${id}-s: injected failure`);
        expect(existsSync(stateDirOf(id))).toBe(true);

        // The real clean finishes the job and only lists the look-alikes.
        const clean = await runPortlab(["clean"]);
        expect(clean.code, clean.stderr).toBe(0);
        expect(clean.stdout).toContain(`removed namespace portlab-${id}-c`);
        expect(clean.stdout).toContain(`removed record ${stateDirOf(id)}`);
        expect(clean.stdout).toContain(`not removed, no record of portlab making it: namespace ${lookalike}`);
        expect(leftoversOf([id])).toEqual([]);
        expect(portlabNamespaces()).toContain(lookalike);
        expect(readFileSync(join(oldStyle, "keep"), "utf8")).toBe("mine\n");
        expect(existsSync(planted)).toBe(true);
        expect(clean.stdout).toContain(
          `not read: run record ${planted} is not a directory only root can write`,
        );
        if (docker) {
          expect(clean.stdout).toContain(
            `container ${container} (remove it with: docker rm -f ${container})`,
          );
          expect(
            execFileSync("docker", ["ps", "-a", "--format", "{{.Names}}"], { encoding: "utf8" }),
          ).toContain(container);
        }
      } finally {
        rmSync(oldStyle, { recursive: true, force: true });
        rmSync(planted, { recursive: true, force: true });
        execFileSync("ip", ["netns", "del", lookalike]);
        if (docker) execFileSync("docker", ["rm", "-f", container]);
      }
    }));
});
