import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attachRunLog } from "../../src/cli/log-renderer.js";
import { EngineEmitter } from "../../src/engine/events.js";
import { isRoot } from "../support/root-only.js";

let dir: string;
let mounted: string | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portlab-run-log-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  // Lazily: the log keeps its descriptor open for the life of the process.
  if (mounted !== null) execFileSync("umount", ["-l", mounted]);
  mounted = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A directory on a tiny tmpfs that is already full (root only): a real full disk. */
function fullDirectory(): string {
  const path = join(dir, "full");
  mkdirSync(path);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=8k", "tmpfs", path]);
  mounted = path;
  try {
    writeFileSync(join(path, "filler"), Buffer.alloc(64 * 1024));
  } catch {
    // ENOSPC: full, as wanted
  }
  return path;
}

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

  it("replaces a link planted at run.log instead of writing through it", () => {
    writeFileSync(join(dir, "victim"), "precious\n");
    symlinkSync(join(dir, "victim"), join(dir, "run.log"));
    const events = new EngineEmitter();
    const flush = attachRunLog(events);
    events.emit("directory", dir);
    events.emit("log", "info", "hello");
    flush();
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(dir, "run.log")).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, "run.log"), "utf8")).toContain('"msg":"hello"');
  });

  // pino's synchronous destination would throw ENOSPC into whichever engine code emitted the log event (teardown
  // included).
  it.skipIf(!isRoot)(
    `says once that a full disk ended the log, and never throws into the engine${isRoot ? "" : " (skipped: needs root for a tmpfs, as in CI)"}`,
    () => {
      const full = fullDirectory();
      const said: string[] = [];
      vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        said.push(String(chunk));
        return true;
      });
      const events = new EngineEmitter();
      const flush = attachRunLog(events);
      events.emit("log", "info", "early");
      expect(() => events.emit("directory", full)).not.toThrow();
      expect(() => events.emit("log", "error", "teardown step failed: stop nginx")).not.toThrow();
      expect(() => events.emit("log", "info", "again")).not.toThrow();
      expect(() => flush()).not.toThrow();
      expect(said).toEqual([expect.stringMatching(/run\.log: ENOSPC.*not logged\n$/)]);
    },
  );
});
