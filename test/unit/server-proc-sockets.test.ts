import { describe, expect, it } from "vitest";
import { parseTcpTable, TCP_STATE_LISTEN, TCP_STATE_TIME_WAIT } from "../../src/server/proc-sockets.js";

const table = [
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
  "   0: 010012C6:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 48213 1 0000000000000000 100 0 0 10 0",
  "   1: 010012C6:1F90 020012C6:A412 06 00000000:00000000 03:00001683 00000000     0        0 0 3 0000000000000000",
  "   2: garbage",
  "",
].join("\n");

describe("parseTcpTable", () => {
  it("decodes addresses, ports, states and inodes of a little-endian table", () => {
    expect(parseTcpTable(table, "LE")).toEqual([
      {
        localAddress: "198.18.0.1",
        localPort: 8080,
        remoteAddress: "0.0.0.0",
        remotePort: 0,
        state: TCP_STATE_LISTEN,
        inode: 48213,
      },
      {
        localAddress: "198.18.0.1",
        localPort: 8080,
        remoteAddress: "198.18.0.2",
        remotePort: 42002,
        state: TCP_STATE_TIME_WAIT,
        inode: 0,
      },
    ]);
  });

  it("reads the address words in the machine's byte order", () => {
    expect(parseTcpTable(table, "BE")[0]?.localAddress).toBe("1.0.18.198");
  });
});
