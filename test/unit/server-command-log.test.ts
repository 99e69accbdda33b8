import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOG_LIMIT_BYTES, truncationNote } from "../../src/core/bounded-output.js";
import type { Host } from "../../src/core/host.js";
import { startCommandServer } from "../../src/server/command-server.js";
import { isAlive } from "../../src/server/process-control.js";
import { waitUntil } from "../support/portlab-process.js";

/** A host that runs commands right here: the log's bound does not depend on a namespace. */
const here: Host = {
  name: "server",
  role: "server",
  addresses: ["127.0.0.1"],
  command: ([file, ...args]) => ({ file: file ?? "true", args }),
  agentCommand: (args = []) => ({ file: "node", args: ["agent.js", ...args] }),
  applySysctls: async () => ({}),
};

describe("a server command's log", () => {
  it("keeps the first 1 MiB of its output in server.log, and the copy says how much more it wrote", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    const written = 3 * 1024 * 1024 + 5;
    const program = `process.stdout.write("x".repeat(${written - 5}), () => process.stderr.write("done\\n")); setInterval(() => {}, 1000);`;
    const server = await startCommandServer(
      here,
      { argv: [process.execPath, "-e", program], env: {}, user: "root" },
      8080,
      dir,
    );
    try {
      const note = truncationNote(written, LOG_LIMIT_BYTES);
      await waitUntil("all of its output", async () => (await server.logTail()).endsWith(note), 10_000);
      expect((await stat(server.logPath)).size).toBe(LOG_LIMIT_BYTES);
      await server.collectLogs(dir, 0);
      const copy = await readFile(join(dir, "server-0.log"), "utf8");
      expect(copy.length).toBe(LOG_LIMIT_BYTES + note.length);
      expect(copy.endsWith(`xxx${note}`)).toBe(true);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
    expect(await isAlive(server.pid)).toBe(false);
  });

  it("is copied as it is when it stayed under the bound", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    const program = 'console.log("listening"); setInterval(() => {}, 1000);';
    const server = await startCommandServer(
      here,
      { argv: [process.execPath, "-e", program], env: {}, user: "root" },
      8080,
      dir,
    );
    try {
      await waitUntil("its line", async () => (await server.logTail()) === "listening\n", 10_000);
      await server.collectLogs(dir, 1);
      expect(await readFile(join(dir, "server-1.log"), "utf8")).toBe("listening\n");
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
