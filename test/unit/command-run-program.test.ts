import { describe, expect, it } from "vitest";
import type {
  ProgramReport,
  ProgramToRunner,
  StartProgramMessage,
} from "../../src/clients/command/program-protocol.js";
import { runProgram, targetEnvironment } from "../../src/clients/command/run-program.js";
import { BoundedOutput, LOG_LIMIT_BYTES, truncationNote } from "../../src/core/bounded-output.js";
import type { CommandClientSpec } from "../../src/core/scenario.js";

const target = { host: "198.18.0.1", ports: [80, 81], path: "/" };

/** Runs a program as the load agent would (here, in this test's own namespace: no load is sent anywhere). */
async function run(
  argv: string[],
  durationMs: number,
  stop = new AbortController().signal,
  onOutput: (text: string) => void = () => undefined,
  runAs: StartProgramMessage["runAs"] = null,
): Promise<{ report: ProgramReport; output: string }> {
  const client: CommandClientSpec = {
    kind: "command",
    image: null,
    argv,
    env: { EXTRA: "yes" },
    errors: null,
    expect: null,
    user: runAs === null ? "root" : null,
  };
  const messages: ProgramToRunner[] = [];
  const send = (message: ProgramToRunner) => {
    messages.push(message);
    if (message.type === "program-output") onOutput(Buffer.from(message.data, "base64").toString());
  };
  await runProgram(
    { type: "start-program", client, target, durationMs, scratchDir: null, runAs },
    send,
    stop,
  );
  const done = messages.at(-1);
  if (done?.type !== "program-done") throw new Error("no program-done at the end");
  const output = messages
    .flatMap((message) => (message.type === "program-output" ? [Buffer.from(message.data, "base64")] : []))
    .map((bytes) => bytes.toString("utf8"))
    .join("");
  return { report: done.report, output };
}

const node = (script: string) => [process.execPath, "-e", script];

const isRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534, home: "/nonexistent" };

describe("runProgram: the user's program as the load agent runs it", () => {
  it.skipIf(!isRoot)(
    `runs it as its user with a clean environment, unable to write into the agent's descriptors${isRoot ? "" : " (skipped: needs root, as in CI)"}`,
    async () => {
      process.env.PORTLAB_TEST_SECRET = "root's";
      try {
        const script = [
          "const fs = require('fs');",
          "let injected = 'no';",
          "try { fs.writeFileSync('/proc/' + process.ppid + '/fd/1', '{\"type\":\"program-done\"}\\n'); injected = 'yes'; } catch (e) { injected = e.code; }",
          "console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), groups: process.getgroups(), env: Object.keys(process.env).sort(), home: process.env.HOME, injected }));",
        ].join(" ");
        const { report, output } = await run(node(script), 10_000, undefined, undefined, NOBODY);
        expect(report.exitCode, output).toBe(0);
        const seen = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
        expect(seen).toMatchObject({ uid: 65534, gid: 65534, groups: [65534], home: "/nonexistent" });
        expect(seen.injected).not.toBe("yes");
        expect(seen.env).not.toContain("PORTLAB_TEST_SECRET");
        expect(
          seen.env.filter(
            (name: string) => !/^(PATH|HOME|LANG|LC_ALL|TZ|EXTRA|PORTLAB_TARGET_\w+)$/.test(name),
          ),
        ).toEqual([]);
      } finally {
        delete process.env.PORTLAB_TEST_SECRET;
      }
    },
  );

  it("gives it the target and its env, passes its output on, and reports its own exit", async () => {
    const script =
      "const e = process.env; console.log([e.PORTLAB_TARGET_URL, e.PORTLAB_TARGET_HOST, e.PORTLAB_TARGET_PORT, e.PORTLAB_TARGET_PORTS, e.EXTRA].join(' ')); console.error('to stderr'); process.exit(4)";
    const { report, output } = await run(node(script), 10_000);
    expect(output).toContain("http://198.18.0.1:80/ 198.18.0.1 80 80,81 yes\n");
    expect(output).toContain("to stderr\n");
    expect(report).toMatchObject({
      startError: null,
      exitCode: 4,
      signal: null,
      stoppedBy: null,
      stopSignal: null,
    });
    expect(report.logBytes).toBe(report.logKeptBytes);
    expect(report.exitedAtMs).toBeLessThan(5_000);
    expect(report.strace).toBeNull();
  });

  it("sends SIGTERM to its process group at the bound", async () => {
    const { report } = await run(node("setInterval(() => {}, 1000)"), 300);
    expect(report).toMatchObject({
      exitCode: null,
      signal: "SIGTERM",
      stoppedBy: "bound",
      stopSignal: "SIGTERM",
    });
    expect(report.exitedAtMs).toBeGreaterThanOrEqual(300);
    expect(report.exitedAtMs).toBeLessThan(3_000);
  });

  it("stops it at once on an interrupt", async () => {
    const stop = new AbortController();
    const script =
      "process.on('SIGTERM', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000)";
    const { report } = await run(node(script), 60_000, stop.signal, () => stop.abort());
    expect(report).toMatchObject({ exitCode: 0, stoppedBy: "interrupt", stopSignal: "SIGTERM" });
  });

  it("keeps the first MiB of its output and counts the rest", async () => {
    const { report, output } = await run(node("process.stdout.write('x'.repeat(1_500_000))"), 10_000);
    expect(report.logBytes).toBe(1_500_000);
    expect(report.logKeptBytes).toBe(LOG_LIMIT_BYTES);
    expect(output.length).toBe(LOG_LIMIT_BYTES);
    expect(truncationNote(report.logBytes, report.logKeptBytes)).toBe(
      `\n[portlab: the program wrote 1500000 bytes; this log keeps the first ${LOG_LIMIT_BYTES}]\n`,
    );
  });

  it("reports a program that is not there instead of starting nothing", async () => {
    const { report } = await run(["no-such-load-client-anywhere"], 1_000);
    expect(report.startError).toBe(
      "no program no-such-load-client-anywhere in the client host (not a path to an executable, nor on its PATH)",
    );
  });
});

describe("BoundedOutput and the target environment", () => {
  it("cuts a chunk at the bound and passes nothing after it", () => {
    const passed: string[] = [];
    const output = new BoundedOutput((bytes) => passed.push(bytes.toString()), 5);
    for (const chunk of ["abc", "defg", "hij"]) output.write(Buffer.from(chunk));
    expect(passed).toEqual(["abc", "de"]);
    expect([output.totalBytes, output.keptBytes]).toEqual([10, 5]);
  });

  it("puts an IPv6 target in brackets in the URL", () => {
    expect(targetEnvironment({ host: "fd00::1", ports: [8080], path: "/" })).toEqual({
      PORTLAB_TARGET_URL: "http://[fd00::1]:8080/",
      PORTLAB_TARGET_HOST: "fd00::1",
      PORTLAB_TARGET_PORT: "8080",
      PORTLAB_TARGET_PORTS: "8080",
    });
  });
});
