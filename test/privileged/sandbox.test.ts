import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { TeardownStack } from "../../src/core/teardown-stack.js";
import { applySysctls, readSysctls } from "../../src/hosts/host-sysctls.js";
import type { Sandbox } from "../../src/hosts/netns/namespace-host.js";
import { createNetnsSandbox } from "../../src/hosts/netns/namespaces.js";
import { startNginx, stopNginxByPidFile } from "../../src/server/nginx.js";
import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

function namespaces(): string[] {
  return execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "");
}

function hostLinks(): string {
  return execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" });
}

describe.runIf(enabled)("netns sandbox", () => {
  let teardown = new TeardownStack();
  afterEach(async () => {
    expect(await teardown.drain()).toEqual([]);
    teardown = new TeardownStack();
  });

  async function sandbox(): Promise<Sandbox> {
    return createNetnsSandbox({ subnet: "198.18.0.0/24", clientAddresses: 2, topology: "veth" }, teardown);
  }

  it("joins two namespaces by a veth whose ends never appear in the host namespace", async () => {
    const box = await sandbox();
    expect(namespaces()).toEqual(expect.arrayContaining([box.client.netns, box.server.netns]));
    expect(hostLinks()).not.toContain(box.id);
    expect(box.server.addresses).toEqual(["198.18.0.1"]);
    expect(box.client.addresses).toEqual(["198.18.0.2", "198.18.0.3"]);
    // A TCP connection across the link, from each client address.
    const server = box.server.wrap(process.execPath, [
      "-e",
      "const s=require('net').createServer(c=>c.end(c.remoteAddress)).listen(7000,'198.18.0.1',()=>process.send('up'));process.on('disconnect',()=>process.exit())",
    ]);
    const { spawn } = await import("node:child_process");
    const child = spawn(server.file, server.args, { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    teardown.push("server", () => void child.kill("SIGKILL"));
    await new Promise((resolve) => child.once("message", resolve));
    for (const source of box.client.addresses) {
      const probe = box.client.wrap(process.execPath, [
        "-e",
        `const c=require('net').connect({host:'198.18.0.1',port:7000,localAddress:'${source}'});let d='';c.on('data',x=>d+=x).on('end',()=>process.stdout.write(d))`,
      ]);
      expect(execFileSync(probe.file, probe.args, { encoding: "utf8", timeout: 5000 })).toBe(source);
    }
  });

  it("answers a request from the client host with nginx in the server host, across the veth", async () => {
    const box = await sandbox();
    teardown.push("stop nginx", () => stopNginxByPidFile(box.tempDir));
    await startNginx({
      tempDir: box.tempDir,
      listenAddress: "198.18.0.1",
      ports: [80],
      workers: 1,
      keepaliveTimeoutS: 60,
      keepaliveRequests: 100,
      backlog: 128,
      bodyBytes: 5,
      wrap: box.server.wrap,
    });
    const probe = box.client.wrap(process.execPath, [
      "-e",
      "fetch('http://198.18.0.1/').then(async r=>process.stdout.write(r.status+' '+(await r.text()).length))",
    ]);
    expect(execFileSync(probe.file, probe.args, { encoding: "utf8", timeout: 10_000 })).toBe("200 5");
  });

  it("sets kernel parameters inside the client host only and reads them back there", async () => {
    const box = await sandbox();
    const hostBefore = readFileSync("/proc/sys/net/ipv4/tcp_tw_reuse", "utf8");
    const hostRangeBefore = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8");
    const values = await applySysctls(
      box.client,
      { "net.ipv4.tcp_tw_reuse": "1", "net.ipv4.ip_local_port_range": "40000 40999" },
      ["net.ipv4.tcp_timestamps"],
    );
    expect(values).toMatchObject({
      "net.ipv4.tcp_tw_reuse": "1",
      "net.ipv4.ip_local_port_range": "40000 40999",
      "net.ipv4.tcp_timestamps": "1",
    });
    expect(await readSysctls(box.server, ["net.ipv4.tcp_tw_reuse"])).toEqual({
      "net.ipv4.tcp_tw_reuse": "2",
    });
    expect(readFileSync("/proc/sys/net/ipv4/tcp_tw_reuse", "utf8")).toBe(hostBefore);
    expect(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")).toBe(hostRangeBefore);
  });

  it("reports a kernel parameter the namespace does not have, and one the kernel refuses", async () => {
    const box = await sandbox();
    await expect(applySysctls(box.client, { "net.ipv4.tcp_tw_recycle": "1" }, [])).rejects.toMatchObject({
      code: "SYSCTL_REJECTED",
      message: expect.stringContaining("net.ipv4.tcp_tw_recycle: not in this namespace"),
    });
    await expect(applySysctls(box.client, { "net.ipv4.tcp_tw_reuse": "7" }, [])).rejects.toMatchObject({
      message: expect.stringContaining("net.ipv4.tcp_tw_reuse: rejected"),
    });
  });

  it("leaves no namespace, link or temp dir after teardown", async () => {
    const box = await sandbox();
    expect(existsSync(box.tempDir)).toBe(true);
    await teardown.drain();
    expect(namespaces()).not.toContain(box.client.netns);
    expect(namespaces()).not.toContain(box.server.netns);
    expect(hostLinks()).not.toContain(box.id);
    expect(existsSync(box.tempDir)).toBe(false);
  });
});
