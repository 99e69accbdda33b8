import { describe, expect, it } from "vitest";
import { tcpdumpArgs } from "../../src/agent/capture-mode.js";
import { packetsWithinBytes } from "../../src/core/capture-size.js";
import type { Host } from "../../src/core/host.js";
import { capturedHosts } from "../../src/engine/packet-capture.js";

const host = (name: string, role: Host["role"]): Host => ({
  name,
  role,
  addresses: [],
  command: ([file, ...args]) => ({ file: file ?? "true", args }),
  agentCommand: (args = []) => ({ file: "node", args: ["agent.js", ...args] }),
  applySysctls: async () => ({}),
});

describe("packet capture", () => {
  it("runs tcpdump headers-only with a packet cap, on the host's link, TCP only, as an argument array", () => {
    expect(
      tcpdumpArgs({ file: "/r/server-0.pcap", interface: "pls01234567", snapLength: 96, packets: 500 }),
    ).toEqual([
      "-i",
      "pls01234567",
      "-n",
      "-s",
      "96",
      "-c",
      "500",
      "-Z",
      "root",
      "-w",
      "/r/server-0.pcap",
      "tcp",
    ]);
  });

  it("turns the byte cap into packets: a record is at most the snap length plus 16 bytes, after a 24-byte header", () => {
    expect(packetsWithinBytes(10_000_000, 96)).toBe(89_285);
    expect(24 + packetsWithinBytes(200_000, 96) * 112).toBeLessThanOrEqual(200_000);
    expect(packetsWithinBytes(10, 96)).toBe(1);
  });

  it("selects hosts by role: client means every client host", () => {
    const hosts = [
      host("client-1", "client"),
      host("client-2", "client"),
      host("router", "router"),
      host("server", "server"),
    ];
    const spec = { roles: ["client", "router"] as const, packets: 1, bytes: 1000, snapLength: 96 };
    expect(capturedHosts(hosts, spec).map((h) => h.name)).toEqual(["client-1", "client-2", "router"]);
    expect(capturedHosts(hosts, null)).toEqual([]);
  });
});
