import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import type { AgentToRunner } from "../../src/agent/protocol.js";
import type { StartProgramMessage } from "../../src/clients/command/program-protocol.js";
import { compiledScript } from "../../src/core/compiled-script.js";

const AGENT = compiledScript("agent/main.js");

describe.skipIf(!existsSync(AGENT))("the agent's --program form (a command client's host)", () => {
  it("says ready, runs the program it is given and reports its output and exit", async () => {
    const child = spawn(process.execPath, [AGENT, "--program"], { stdio: ["pipe", "pipe", "pipe"] });
    const start: StartProgramMessage = {
      type: "start-program",
      client: {
        kind: "command",
        image: null,
        argv: [process.execPath, "-e", "console.log(process.env.PORTLAB_TARGET_PORT)"],
        env: {},
        errors: null,
        expect: null,
        user: "root",
      },
      target: { host: "198.18.0.1", ports: [8080], path: "/" },
      durationMs: 10_000,
      scratchDir: null,
      runAs: null,
    };
    const seen: string[] = [];
    let output = "";
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no program-done in 15 s: ${seen.join(", ")}`)),
        15_000,
      );
      createInterface({ input: child.stdout }).on("line", (line) => {
        const message = JSON.parse(line) as AgentToRunner;
        seen.push(message.type);
        if (message.type === "ready") child.stdin.write(`${JSON.stringify(start)}\n`);
        else if (message.type === "program-output") output += Buffer.from(message.data, "base64").toString();
        else if (message.type === "program-done") {
          clearTimeout(timer);
          child.stdin.end();
          resolve(message.report.exitCode);
        }
      });
    });
    await new Promise((resolve) => child.once("exit", resolve));
    expect(seen[0]).toBe("ready");
    expect(output).toBe("8080\n");
    expect(exitCode).toBe(0);
  });
});
