import { execFile, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentToRunner } from "../../src/agent/protocol.js";
import { cliBuilt, repoRoot } from "../support/portlab-process.js";

const agentPath = join(repoRoot, "dist", "agent", "main.js");
const run = promisify(execFile);

/** The real compiled agent over real pipes, in this (unprivileged) namespace: the protocol every driver speaks. */
function startAgent() {
  const child = spawn(process.execPath, [agentPath], { stdio: ["pipe", "pipe", "inherit"] });
  const received: AgentToRunner[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    received.push(JSON.parse(line) as AgentToRunner);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (type: string, timeoutMs = 5_000): Promise<AgentToRunner> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.findIndex((message) => message.type === type);
      if (found >= 0) return received.splice(found, 1)[0] as AgentToRunner;
      if (Date.now() > deadline)
        throw new Error(`no ${type} from the agent; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, next, send, exited };
}

describe.skipIf(!cliBuilt())("the agent (NDJSON over stdio)", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // The probe resets its connection: that RST is the server socket's ECONNRESET, expected and ignored.
    server = createServer((socket) => socket.on("error", () => undefined).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("says ready, samples its own namespace on aligned ticks, reports a summary, and exits when stdin closes", async () => {
    const agent = startAgent();
    const ready = await agent.next("ready");
    expect(ready).toMatchObject({ type: "ready", pid: agent.child.pid });
    agent.send({
      type: "sample-start",
      host: "client",
      loadStartEpochMs: Date.now(),
      portRange: { low: 32768, high: 60999 },
      usablePorts: 28232,
    });
    await agent.next("sample-started");
    const sample = await agent.next("sample", 3_000);
    expect(sample).toMatchObject({ type: "sample", sample: { host: "client", t: 1 } });
    agent.send({ type: "sample-stop" });
    const summary = await agent.next("sample-summary");
    expect(summary).toMatchObject({ summary: { host: "client" } });
    expect((summary as { summary: { samples: number } }).summary.samples).toBeGreaterThanOrEqual(1);
    agent.child.stdin.end();
    expect(await agent.exited).toBe(0);
  });

  it("answers one-shot sysctl reads and TCP probes", async () => {
    const read = await run(process.execPath, [
      agentPath,
      "sysctl",
      JSON.stringify({ set: [], read: ["net.ipv4.ip_local_port_range", "net.ipv4.no_such_thing"] }),
    ]);
    const reply = JSON.parse(read.stdout) as { values: Record<string, string | null> };
    expect(reply.values["net.ipv4.ip_local_port_range"]).toMatch(/^\d+ \d+$/);
    expect(reply.values["net.ipv4.no_such_thing"]).toBeNull();

    await expect(
      run(process.execPath, [agentPath, "probe", "127.0.0.1", String(port), "2000"]),
    ).resolves.toBeDefined();
    const closed = run(process.execPath, [agentPath, "probe", "127.0.0.1", "1", "600"]);
    await expect(closed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no TCP connect to 127.0.0.1:1 within 600 ms (last: ECONNREFUSED)"),
    });
  });
});
