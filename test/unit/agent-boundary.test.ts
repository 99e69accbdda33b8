import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { startAgent } from "../../src/agent/agent-process.js";
import { AGENT_PROTOCOL, MAX_LINE_BYTES } from "../../src/agent/protocol.js";
import { compiledScript } from "../../src/core/compiled-script.js";
import { isPortlabError, type PortlabError } from "../../src/core/errors.js";
import type { Host } from "../../src/core/host.js";
import { exchangeWithAgent } from "../../src/engine/agent-exchange.js";

/** A host whose "agent" is a small Node program that says what the test wants, as a foreign or broken agent would. */
function hostRunning(script: string): Host {
  return {
    name: "client",
    role: "client",
    addresses: [],
    command: ([file, ...args]) => ({ file: file ?? "true", args }),
    agentCommand: () => ({ file: process.execPath, args: ["-e", script] }),
    applySysctls: async () => ({}),
  };
}

const ready = (protocol: number) =>
  `process.stdout.write(JSON.stringify({ type: "ready", pid: process.pid, protocol: ${protocol} }) + "\\n");`;
const waitForStdin = "process.stdin.resume(); process.stdin.on('end', () => process.exit(0));";

async function refusal(promise: Promise<unknown>): Promise<PortlabError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isPortlabError(error)) throw new Error(`expected a PortlabError, got ${String(error)}`);
  return error;
}

describe("the runner's end of the agent protocol", () => {
  it("refuses an agent of another protocol version (exit 3), and kills it", async () => {
    const error = await refusal(
      startAgent(hostRunning(`${ready(AGENT_PROTOCOL + 1)}${waitForStdin}`), () => {}),
    );
    expect(error.code).toBe("AGENT_VERSION");
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      `the agent in the client host speaks protocol ${AGENT_PROTOCOL + 1}, this portlab speaks ${AGENT_PROTOCOL}`,
    );
  });

  it("gives up on an agent whose line is not a message: its job fails with AGENT_PROTOCOL, no exception escapes", async () => {
    const agent = await startAgent(
      hostRunning(
        `${ready(AGENT_PROTOCOL)} setTimeout(() => console.log(JSON.stringify(null)), 50); ${waitForStdin}`,
      ),
      () => {},
    );
    const error = await refusal(
      exchangeWithAgent(agent, {
        start: { type: "stop" },
        stopAfterMs: 10_000,
        signal: new AbortController().signal,
        awaiting: "its report",
        onMessage: () => undefined,
      }),
    );
    expect(error.code).toBe("AGENT_PROTOCOL");
    expect(error.message).toMatch(/^the agent in the client host broke the protocol: \(the message\): /);
    expect(await agent.exited).toBe("SIGKILL");
  });

  it("gives up on a line longer than the bound without reading it all", async () => {
    const flood = `process.stdout.write("x".repeat(${MAX_LINE_BYTES + 10}));`;
    const agent = await startAgent(
      hostRunning(`${ready(AGENT_PROTOCOL)} ${flood} ${waitForStdin}`),
      () => {},
    );
    await agent.exited;
    expect(agent.failure()?.message).toMatch(/a line of more than \d+ bytes \(at most 1048576\)/);
  });

  it("turns a listener that throws on a message into the agent's failure, not an uncaught exception", async () => {
    // The warning comes once the runner says something, so the listener is there to receive it.
    const warnOnInput = `process.stdin.once("data", () => console.log(JSON.stringify({ type: "warning", message: "w" })));`;
    const agent = await startAgent(
      hostRunning(`${ready(AGENT_PROTOCOL)} ${warnOnInput} ${waitForStdin}`),
      () => {},
    );
    agent.onMessage(() => {
      throw new Error("a bug in a listener");
    });
    agent.send({ type: "stop" });
    await agent.exited;
    expect(agent.failure()?.message).toMatch(
      /a warning message could not be handled \(Error: a bug in a listener\)/,
    );
  });
});

describe("the agent's end", () => {
  it("ends with a fatal message and exit 1 when the runner sends a line that is not a message", async () => {
    const child = spawn(process.execPath, [compiledScript("agent/main.js")], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines: unknown[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => lines.push(JSON.parse(line)));
    child.stdin.write('{"type":"sample-start","host":"client"}\n');
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ type: "ready", protocol: AGENT_PROTOCOL });
    expect(lines.at(-1)).toMatchObject({
      type: "fatal",
      message: expect.stringContaining("the runner broke the protocol: loadStartEpochMs:"),
    });
  });
});
