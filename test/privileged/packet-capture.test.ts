import { dockerTestsEnabled, privilegedTestsWith } from "../support/prerequisites.js";

const enabled = privilegedTestsWith(["tcpdump"]);

import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packetsWithinBytes } from "../../src/core/capture-size.js";
import { type EngineRun, leftoverNamespaces, runOf, runScenarioYaml } from "../support/run-engine.js";

interface PcapFile {
  readonly bytes: number;
  readonly packets: number;
  readonly syns: number;
}

function readPcapFile(path: string): PcapFile {
  const read = (filter: readonly string[]) =>
    execFileSync("tcpdump", ["-r", path, "-n", ...filter], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    })
      .split("\n")
      .filter(Boolean).length;
  return { bytes: statSync(path).size, packets: read([]), syns: read(["tcp[tcpflags] & tcp-syn != 0"]) };
}

// ~6,000 connections × ~10 packets each: far past the caps, which must hold.
const capped = (driver: string) => `
name: capture-caps
sandbox: { driver: ${driver} }
load: { rate: 2000, duration: 3s }
clients: [{ kind: short, close: server-first }]
profiles: [linux-default]
capture: { hosts: all, packets: 3000, megabytes: 0.2 }
`;

const CAP_BYTES = 200_000;
const CAP_PACKETS = Math.min(3000, packetsWithinBytes(CAP_BYTES, 96));

describe.runIf(enabled)("packet capture (tcpdump inside the hosts, bounded)", () => {
  let engine: EngineRun;
  const files = new Map<string, PcapFile>();

  beforeAll(async () => {
    engine = await runScenarioYaml(capped("netns"), 60_000, (directory) => {
      for (const host of ["client", "server"])
        files.set(host, readPcapFile(join(directory, `${host}-0.pcap`)));
    });
  }, 90_000);

  it("writes <host>-<run>.pcap per host: files tcpdump -r opens, with SYNs", () => {
    for (const host of ["client", "server"]) expect(files.get(host)?.syns ?? 0, host).toBeGreaterThan(100);
    const run = runOf(engine.summary, "linux-default", "short/server-first");
    expect(run.captures?.map((capture) => capture.file).sort()).toEqual(["client-0.pcap", "server-0.pcap"]);
  });

  it("holds its packet and byte caps over a run that sends far more", () => {
    expect(CAP_PACKETS).toBe(1785); // 200 kB of 96-byte headers (+16 per record) is the tighter cap
    const run = runOf(engine.summary, "linux-default", "short/server-first");
    expect(run.requests.ok).toBeGreaterThan(CAP_PACKETS);
    for (const [host, file] of files) {
      expect(file.packets, host).toBe(CAP_PACKETS);
      expect(file.bytes, host).toBeLessThanOrEqual(CAP_BYTES);
    }
    expect(run.captures?.every((capture) => capture.packets === CAP_PACKETS)).toBe(true);
    expect(leftoverNamespaces(engine.sandboxIds)).toEqual([]);
  });
});

describe.runIf(enabled && dockerTestsEnabled())("packet capture under the docker driver", () => {
  let engine: EngineRun;
  const files = new Map<string, PcapFile>();

  beforeAll(async () => {
    // The driver's preflight brings the images in step with this checkout (the capture runs the image's agent).
    engine = await runScenarioYaml(capped("docker"), 240_000, (directory) => {
      for (const host of ["client", "server"])
        files.set(host, readPcapFile(join(directory, `${host}-0.pcap`)));
    });
  }, 30 * 60_000);

  it("copies each container's capture out, capped, with SYNs", () => {
    expect(engine.errors).toEqual([]);
    for (const [host, file] of files) {
      expect(file.syns, host).toBeGreaterThan(100);
      expect(file.packets, host).toBeLessThanOrEqual(CAP_PACKETS);
      expect(file.bytes, host).toBeLessThanOrEqual(CAP_BYTES);
    }
  });
});
