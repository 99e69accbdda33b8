import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attachRunLog } from "../../src/cli/log-renderer.js";
import { EngineEmitter } from "../../src/engine/events.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portlab-run-log-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe("run.log", () => {
  it("logs what the engine says, also what it said before the directory existed", () => {
    const events = new EngineEmitter();
    const flush = attachRunLog(events);
    events.emit("log", "info", "early");
    events.emit("directory", dir);
    events.emit("log", "warn", "later", { run: 0 });
    flush();
    const lines = readFileSync(join(dir, "run.log"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toEqual(["early", "later"]);
  });

  // /dev/full answers every write with ENOSPC. pino's synchronous destination would throw that into whichever
  // engine code emitted the log event (teardown included).
  it.skipIf(!existsSync("/dev/full"))(
    "says once that a full disk ended the log, and never throws into the engine",
    () => {
      symlinkSync("/dev/full", join(dir, "run.log"));
      const said: string[] = [];
      vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        said.push(String(chunk));
        return true;
      });
      const events = new EngineEmitter();
      const flush = attachRunLog(events);
      events.emit("log", "info", "early");
      expect(() => events.emit("directory", dir)).not.toThrow();
      expect(() => events.emit("log", "error", "teardown step failed: stop nginx")).not.toThrow();
      expect(() => events.emit("log", "info", "again")).not.toThrow();
      expect(() => flush()).not.toThrow();
      expect(said).toEqual([expect.stringMatching(/run\.log: ENOSPC.*not logged\n$/)]);
    },
  );
});
