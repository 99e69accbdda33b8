import { execFileSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { createRunDirectory } from "../../src/results/run-directory.js";
import { failureOf, isRoot, rootOnly } from "../support/root-only.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portlab-run-directory-"));
});
afterEach(() => {
  for (const mount of mounted.splice(0)) execFileSync("umount", [mount]);
  rmSync(dir, { recursive: true, force: true });
});

const mounted: string[] = [];
/** A real full disk for one directory: a tiny tmpfs (root only). */
function fullDiskDirectory(): string {
  const path = join(dir, "small");
  mkdirSync(path);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=8k,nr_inodes=64", "tmpfs", path]);
  mounted.push(path);
  return path;
}

const outDir = (path: string, force = false) => ({ outDir: path, force });

describe("run directory", () => {
  it("appends sample lines in call order", async () => {
    const path = join(dir, "out");
    const directory = await createRunDirectory("x", new Date(), outDir(path));
    void directory.appendSamples([{ t: 1 }, { t: 2 }]);
    await directory.appendSamples([{ t: 3 }]);
    await directory.close();
    expect(readFileSync(join(path, "samples.ndjson"), "utf8")).toBe('{"t":1}\n{"t":2}\n{"t":3}\n');
    expect(statSync(path).mode & 0o777).toBe(0o755);
    expect(statSync(join(path, "samples.ndjson")).mode & 0o777).toBe(0o644);
  });

  it("refuses an --out that is not empty (exit 2, OUTPUT_PATH) and writes nothing into it", async () => {
    writeFileSync(join(dir, "stale.txt"), "old run");
    const error = await failureOf(createRunDirectory("x", new Date(), outDir(dir)));
    expect(isPortlabError(error) && [error.code, error.exitCode]).toEqual(["OUTPUT_PATH", 2]);
    expect((error as Error).message).toContain(`--out ${dir}: is not empty`);
    expect(isPortlabError(error) && error.hint).toContain("--force");
    expect(readdirSync(dir)).toEqual(["stale.txt"]);
  });

  it("refuses an --out that is a symbolic link, even to an empty directory", async () => {
    mkdirSync(join(dir, "target"));
    symlinkSync(join(dir, "target"), join(dir, "link"));
    const error = await failureOf(createRunDirectory("x", new Date(), outDir(join(dir, "link"))));
    expect(isPortlabError(error) && error.code).toBe("OUTPUT_PATH");
    expect((error as Error).message).toContain("symbolic link");
    expect(readdirSync(join(dir, "target"))).toEqual([]);
  });

  it("with --force replaces a link planted at a file's name and never writes through it", async () => {
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious\n");
    const out = join(dir, "out");
    mkdirSync(out);
    for (const name of ["samples.ndjson", "summary.json", "client-1.log"])
      symlinkSync(victim, join(out, name));
    const directory = await createRunDirectory("x", new Date(), outDir(out, true));
    await directory.appendSamples([{ t: 1 }]);
    await directory.writeSummary({ runs: [] });
    await directory.appendFile("client-1.log", Buffer.from("hello\n"));
    await directory.close();
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    for (const name of ["samples.ndjson", "summary.json", "client-1.log"]) {
      expect(lstatSync(join(out, name)).isSymbolicLink(), name).toBe(false);
    }
    expect(readFileSync(join(out, "client-1.log"), "utf8")).toBe("hello\n");
  });

  it.skipIf(!isRoot)(`refuses someone else's directory as --out${rootOnly}`, async () => {
    const theirs = join(dir, "theirs");
    mkdirSync(theirs);
    chownSync(theirs, 65534, 65534);
    const error = await failureOf(createRunDirectory("x", new Date(), outDir(theirs)));
    expect(isPortlabError(error) && error.code).toBe("OUTPUT_PATH");
    expect((error as Error).message).toContain("belongs to uid 65534");
    expect(readdirSync(theirs)).toEqual([]);
  });

  it.skipIf(!isRoot)(`gives the directory and its files to the sudo user${rootOnly}`, async () => {
    const saved = { uid: process.env.SUDO_UID, gid: process.env.SUDO_GID };
    Object.assign(process.env, { SUDO_UID: "65534", SUDO_GID: "65533" });
    try {
      const out = join(dir, "out");
      const directory = await createRunDirectory("x", new Date(), outDir(out));
      await directory.writeSummary({ runs: [] });
      await directory.appendFile("client-1.log", Buffer.from("x"));
      await directory.close();
      for (const path of [
        out,
        join(out, "samples.ndjson"),
        join(out, "summary.json"),
        join(out, "client-1.log"),
      ]) {
        expect([statSync(path).uid, statSync(path).gid], path).toEqual([65534, 65533]);
      }
    } finally {
      for (const [name, value] of [
        ["SUDO_UID", saved.uid],
        ["SUDO_GID", saved.gid],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it.skipIf(!isRoot)(
    `turns a full disk under samples.ndjson into RUN_DIRECTORY_WRITE (exit 3)${rootOnly}`,
    async () => {
      const out = join(fullDiskDirectory(), "out");
      const directory = await createRunDirectory("x", new Date(), outDir(out));
      const line = { text: "x".repeat(2_000) };
      let error: unknown = null;
      for (let batch = 0; batch < 20 && error === null; batch++)
        error = await failureOf(directory.appendSamples([line]));
      expect(isPortlabError(error) && [error.code, error.exitCode]).toEqual(["RUN_DIRECTORY_WRITE", 3]);
      expect((error as Error).message).toContain("ENOSPC");
      expect((error as Error).message).toContain(join(out, "samples.ndjson"));
      // Later calls give the same error and write nothing more.
      expect(await failureOf(directory.appendSamples([{ t: 2 }]))).toBe(error);
      expect(await failureOf(directory.appendSamples([]))).toBe(error);
      await directory.close();
    },
  );

  it.skipIf(!isRoot)(
    `turns a failed summary write into RUN_DIRECTORY_WRITE, leaving no partial file${rootOnly}`,
    async () => {
      const out = join(fullDiskDirectory(), "out");
      const directory = await createRunDirectory("x", new Date(), outDir(out));
      const error = await failureOf(directory.writeSummary({ padding: "x".repeat(64_000) }));
      expect(isPortlabError(error) && error.code).toBe("RUN_DIRECTORY_WRITE");
      expect(readdirSync(out).sort()).toEqual(["samples.ndjson"]);
      expect(existsSync(join(out, "summary.json"))).toBe(false);
      await directory.close();
    },
  );
});
