import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { hasExited, readProcessStat } from "../../src/core/process-stat.js";
import {
  type CommandWrap,
  type NginxHandle,
  startNginx,
  stopNginxByPidFile,
} from "../../src/server/nginx.js";
import { readTcpTable } from "../../src/server/proc-sockets.js";

const run = promisify(execFile);
const identity: CommandWrap = (file, args) => ({ file, args });
const serverDefaults = {
  workers: 1,
  keepaliveTimeoutS: 5,
  keepaliveRequests: 100,
  backlog: 1024,
  bodyBytes: 100,
};

const handles: NginxHandle[] = [];
const tempDirs: string[] = [];
const namespaces: string[] = [];

async function newTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "portlab-t"));
  tempDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function start(
  tempDir: string,
  port: number,
  overrides: Partial<typeof serverDefaults> = {},
  wrap = identity,
) {
  const handle = await startNginx({
    ...serverDefaults,
    ...overrides,
    tempDir,
    listenAddress: "127.0.0.1",
    ports: [port],
    wrap,
  });
  handles.push(handle);
  return handle;
}

interface Reply {
  readonly status: number;
  readonly bodyBytes: number;
  readonly clientPort: number;
}

function get(port: number, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/", agent: false, headers, timeout: 3_000 },
      (res) => {
        let bodyBytes = 0;
        const clientPort = res.socket.localPort ?? 0;
        res.on("data", (chunk: Buffer) => {
          bodyBytes += chunk.length;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bodyBytes, clientPort }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** Pids of live processes whose command line names `text` (nginx puts its -p prefix there). */
async function processesNaming(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const exited = hasExited(await readProcessStat(Number(entry)));
    if (!exited && commandLine.replaceAll("\0", " ").includes(text)) found.push(Number(entry));
  }
  return found;
}

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.stop();
});

afterAll(async () => {
  for (const handle of handles.splice(0)) await handle.stop();
  for (const ns of namespaces.splice(0)) await run("ip", ["netns", "del", ns]).catch(() => undefined);
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe.runIf(enabled)("nginx on host loopback", () => {
  it("answers GET / with 200 and the body size asked for", async () => {
    const port = await freePort();
    await start(await newTempDir(), port, { bodyBytes: 5_000 });
    const reply = await get(port);
    expect(reply.status).toBe(200);
    expect(reply.bodyBytes).toBe(5_000);
  });

  it("closes first on Connection: close, so the TIME_WAIT is on the server side", async () => {
    const port = await freePort();
    const handle = await start(await newTempDir(), port);
    const reply = await get(port, { Connection: "close" });
    expect(reply.status).toBe(200);
    let serverTimeWait = false;
    for (let attempt = 0; attempt < 40 && !serverTimeWait; attempt += 1) {
      const rows = await readTcpTable(handle.pid);
      serverTimeWait = rows.some(
        (row) => row.state === "TIME_WAIT" && row.localPort === port && row.remotePort === reply.clientPort,
      );
      if (!serverTimeWait) await sleep(50);
    }
    expect(serverTimeWait).toBe(true);
    const clientSide = (await readTcpTable(handle.pid)).filter(
      (row) => row.localPort === reply.clientPort && row.remotePort === port,
    );
    expect(clientSide.filter((row) => row.state === "TIME_WAIT")).toEqual([]);
  });

  it("stop() leaves no nginx process and a removable temp dir", async () => {
    const port = await freePort();
    const tempDir = await newTempDir();
    const handle = await start(tempDir, port, { workers: 2 });
    expect(await processesNaming(tempDir)).toContain(handle.pid);
    await handle.stop();
    await handle.stop();
    expect(await handle.exited).toBe(0);
    expect(await processesNaming(tempDir)).toEqual([]);
    expect((await readlink(`/proc/${handle.pid}/exe`).catch(() => null)) === null).toBe(true);
    await rm(tempDir, { recursive: true });
    await expect(readdir(tempDir)).rejects.toThrow();
  });

  it("fails with NGINX_START naming the address in use, and leaves no process", async () => {
    const port = await freePort();
    await start(await newTempDir(), port);
    const secondDir = await newTempDir();
    const error = await start(secondDir, port).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isPortlabError(error) && error.code).toBe("NGINX_START");
    expect(isPortlabError(error) && error.kind).toBe("environment");
    expect(String((error as Error).message)).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${port}.*Address already in use`),
    );
    expect(await processesNaming(secondDir)).toEqual([]);
  });

  it("rejects a config this nginx refuses with NGINX_CONFIG", async () => {
    const error = await startNginx({
      ...serverDefaults,
      tempDir: await newTempDir(),
      listenAddress: "127.0.0.1",
      ports: [await freePort()],
      wrap: (file, args) => ({ file, args: [...args, "-g", "no_such_directive on;"] }),
    }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isPortlabError(error) && error.code).toBe("NGINX_CONFIG");
    expect(String((error as Error).message)).toMatch(/no_such_directive/);
  });

  it("stopNginxByPidFile stops a leftover nginx and ignores a dir without one", async () => {
    const port = await freePort();
    const tempDir = await newTempDir();
    const handle = await start(tempDir, port, { workers: 2 });
    expect(await stopNginxByPidFile(tempDir)).toBe(true);
    expect(await processesNaming(tempDir)).toEqual([]);
    await handle.exited;
    expect(await stopNginxByPidFile(tempDir)).toBe(false);
    expect(await stopNginxByPidFile(await newTempDir())).toBe(false);
  });
});

describe.runIf(enabled)("nginx inside a network namespace", () => {
  it("runs as the wrapped command's own pid and answers a client in the same namespace", async () => {
    const ns = `portlab-t${randomBytes(4).toString("hex")}-s`;
    namespaces.push(ns);
    await run("ip", ["netns", "add", ns]);
    await run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    const tempDir = await newTempDir();
    const wrap: CommandWrap = (file, args) => ({ file: "ip", args: ["netns", "exec", ns, file, ...args] });
    const handle = await start(tempDir, 8080, { bodyBytes: 321 }, wrap);

    // `ip netns exec` execs nginx: the child pid is the master pid nginx wrote.
    expect(Number((await readFile(join(tempDir, "nginx.pid"), "utf8")).trim())).toBe(handle.pid);
    expect((await readFile(`/proc/${handle.pid}/comm`, "utf8")).trim()).toBe("nginx");
    expect(await readlink(`/proc/${handle.pid}/ns/net`)).not.toBe(await readlink("/proc/self/ns/net"));

    const client = [
      "require('http').get({ host: '127.0.0.1', port: 8080, path: '/', timeout: 3000 }, (res) => {",
      "  let n = 0; res.on('data', (c) => { n += c.length; });",
      "  res.on('end', () => { console.log(JSON.stringify({ status: res.statusCode, bytes: n })); });",
      "}).on('error', (e) => { console.log(JSON.stringify({ error: e.code })); });",
    ].join("\n");
    const { stdout } = await run("ip", ["netns", "exec", ns, process.execPath, "-e", client], {
      timeout: 10_000,
    });
    expect(JSON.parse(stdout)).toEqual({ status: 200, bytes: 321 });

    await handle.stop();
    expect(await processesNaming(tempDir)).toEqual([]);
  });
});
