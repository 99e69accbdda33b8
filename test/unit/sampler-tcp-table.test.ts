import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSyntheticTcpTable } from "../../src/sampler/synthetic-tcp-table.js";
import {
  mergeStateCounts,
  summarizeTcpSockets,
  summarizeTcpTable,
  tcpStateFromCode,
} from "../../src/sampler/tcp-table.js";

const fixture = (host: string, file: string): Buffer =>
  readFileSync(join(import.meta.dirname, "../fixtures/proc", host, file));
const clientRange = { low: 40000, high: 40999 };
const header =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const line = (slot: number, port: string, state: string): string =>
  `${String(slot).padStart(4)}: 010012C6:${port} 020012C6:1F90 ${state} 00000000:00000000 00:00000000 00000000     0        0 6964 2 000000005fe2087d 20 0 0 10 -1\n`;

describe("tcpStateFromCode", () => {
  it("maps the kernel's codes", () => {
    expect(tcpStateFromCode(0x01)).toBe("ESTABLISHED");
    expect(tcpStateFromCode(0x02)).toBe("SYN_SENT");
    expect(tcpStateFromCode(0x06)).toBe("TIME_WAIT");
    expect(tcpStateFromCode(0x08)).toBe("CLOSE_WAIT");
    expect(tcpStateFromCode(0x0a)).toBe("LISTEN");
    expect(tcpStateFromCode(0x0b)).toBe("CLOSING");
    expect(tcpStateFromCode(0x0c)).toBe("NEW_SYN_RECV");
    expect(tcpStateFromCode(0)).toBeNull();
    expect(tcpStateFromCode(0x0d)).toBeNull();
  });
});

describe("summarizeTcpTable on recorded tables", () => {
  it("client: 3 ESTABLISHED, 4 TIME_WAIT, 2 FIN_WAIT2 on 9 distinct ports of 40000-40999", () => {
    expect(summarizeTcpTable(fixture("client-mixed", "tcp"), clientRange)).toEqual({
      states: { ESTABLISHED: 3, TIME_WAIT: 4, FIN_WAIT2: 2 },
      portsInUse: 9,
    });
  });

  it("reads tcp6 lines (32-hex-digit addresses)", () => {
    expect(summarizeTcpTable(fixture("client-mixed", "tcp6"), clientRange)).toEqual({
      states: { ESTABLISHED: 2 },
      portsInUse: 2,
    });
    expect(summarizeTcpTable(fixture("server-mixed", "tcp6"), null)).toEqual({
      states: { LISTEN: 1, ESTABLISHED: 2 },
      portsInUse: 1,
    });
  });

  it("server: LISTEN, ESTABLISHED, TIME_WAIT (server closed first), CLOSE_WAIT (never closed)", () => {
    expect(summarizeTcpTable(fixture("server-mixed", "tcp"), null)).toEqual({
      states: { LISTEN: 1, ESTABLISHED: 3, TIME_WAIT: 3, CLOSE_WAIT: 2 },
      portsInUse: 1,
    });
  });

  it("accepts the same table as a string", () => {
    const text = fixture("server-mixed", "tcp").toString("latin1");
    expect(summarizeTcpTable(text, null).states.CLOSE_WAIT).toBe(2);
  });

  it("a header-only table is empty", () => {
    expect(summarizeTcpTable(fixture("client-idle", "tcp"), clientRange)).toEqual({
      states: {},
      portsInUse: 0,
    });
    expect(summarizeTcpTable(fixture("client-idle", "tcp6"), null)).toEqual({ states: {}, portsInUse: 0 });
  });

  it("counts only ports inside the range, bounds included", () => {
    const tcp = fixture("client-mixed", "tcp"); // ports 40344 … 40404
    expect(summarizeTcpTable(tcp, { low: 40344, high: 40404 }).portsInUse).toBe(9);
    expect(summarizeTcpTable(tcp, { low: 40344, high: 40344 }).portsInUse).toBe(1);
    expect(summarizeTcpTable(tcp, { low: 40404, high: 41000 }).portsInUse).toBe(1);
    expect(summarizeTcpTable(tcp, { low: 40345, high: 40403 }).portsInUse).toBe(7);
    expect(summarizeTcpTable(fixture("server-mixed", "tcp"), clientRange).portsInUse).toBe(0);
  });

  it("counts a port once per source address inside the range, once overall without a range", () => {
    const header =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    const line = (slot: number, local: string) =>
      `  ${slot}: ${local}:9C40 010012C6:0050 06 00000000:00000000 03:00000000 00000000     0        0 0 3\n`;
    // 198.18.0.2 and 198.18.0.3 both use port 40000 (0x9C40) toward the same server: two ports of two spaces.
    const table = header + line(0, "020012C6") + line(1, "030012C6") + line(2, "020012C6");
    expect(summarizeTcpTable(table, { low: 40000, high: 40999 }).portsInUse).toBe(2);
    expect(summarizeTcpTable(table, null).portsInUse).toBe(1);
  });
});

describe("summarizeTcpSockets", () => {
  it("sums states and counts a port once across tcp and tcp6", () => {
    const tables = (...texts: Array<string | Buffer>) => ({
      tables: texts.map((text) => (typeof text === "string" ? Buffer.from(text, "latin1") : text)),
    });
    const server = summarizeTcpSockets(
      tables(fixture("server-mixed", "tcp"), fixture("server-mixed", "tcp6")),
      null,
    );
    expect(server).toEqual({
      states: { LISTEN: 2, ESTABLISHED: 5, TIME_WAIT: 3, CLOSE_WAIT: 2 },
      portsInUse: 2,
    });
    const sharedPort = header + line(0, "9D98", "01");
    expect(summarizeTcpSockets(tables(sharedPort, sharedPort), null)).toEqual({
      states: { ESTABLISHED: 2 },
      portsInUse: 1,
    });
  });

  it("counts sock_diag records like table rows: states, and ports per local address inside the range", () => {
    const record = (state: number, port: number, address: number) => [state | (port << 8), address];
    const records = Uint32Array.from([
      ...record(6, 40_000, 0x0100000a), // TIME_WAIT, 10.0.0.1:40000
      ...record(6, 40_000, 0x0200000a), // the same port from another source address
      ...record(1, 40_001, 0x0100000a),
      ...record(10, 80, 0), // LISTEN, outside the range
      ...record(8, 40_001, 0x0100000a), // CLOSE_WAIT on a port already counted
    ]);
    const range = { low: 32_768, high: 60_999 };
    expect(summarizeTcpSockets({ records }, range)).toEqual({
      states: { TIME_WAIT: 2, ESTABLISHED: 1, LISTEN: 1, CLOSE_WAIT: 1 },
      portsInUse: 3,
    });
    // Without a range: distinct local ports, whatever the address.
    expect(summarizeTcpSockets({ records }, null).portsInUse).toBe(3);
  });

  it("mergeStateCounts adds per state", () => {
    expect(mergeStateCounts({ TIME_WAIT: 2 }, { TIME_WAIT: 1, LISTEN: 1 }, {})).toEqual({
      TIME_WAIT: 3,
      LISTEN: 1,
    });
  });
});

describe("malformed input", () => {
  it("counts repeated ports once and every socket's state", () => {
    const text =
      header + line(0, "9D98", "06") + line(1, "9D98", "06") + line(2, "9D99", "0C") + line(3, "9D9A", "0B");
    expect(summarizeTcpTable(text, clientRange)).toEqual({
      states: { TIME_WAIT: 2, NEW_SYN_RECV: 1, CLOSING: 1 },
      portsInUse: 3,
    });
  });

  it("a truncated last line is skipped without crashing", () => {
    const full = header + line(0, "9D98", "01") + line(1, "9D99", "06");
    for (let cut = 0; cut <= full.length; cut++) {
      const summary = summarizeTcpTable(full.slice(0, cut), clientRange);
      expect(summary.portsInUse).toBeLessThanOrEqual(2);
    }
    const cutInsideState = full.slice(0, full.lastIndexOf(" 06 ") + 2);
    expect(summarizeTcpTable(cutInsideState, clientRange)).toEqual({
      states: { ESTABLISHED: 1 },
      portsInUse: 1,
    });
  });

  it("ignores garbage lines, unknown states and lines without a newline at the end", () => {
    const text = `${header}garbage here\n\n   7: nonsense\n${line(0, "9D98", "0D")}${line(1, "9D99", "ZZ")}${line(2, "9D9A", "01").trimEnd()}`;
    expect(summarizeTcpTable(text, clientRange)).toEqual({ states: { ESTABLISHED: 1 }, portsInUse: 2 });
    expect(summarizeTcpTable("", null)).toEqual({ states: {}, portsInUse: 0 });
  });
});

describe("a generated 60,000-socket table", () => {
  it("gives the counts the generator recorded", () => {
    const range = { low: 32768, high: 60999 };
    const table = buildSyntheticTcpTable(60_000, range);
    expect(table.text.toString("latin1").split("\n")[1]).toHaveLength(149);
    const summary = summarizeTcpTable(table.text, range);
    expect(summary).toEqual(table.expected);
    const total = Object.values(summary.states).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(60_000);
    expect(summary.portsInUse).toBeGreaterThan(20_000);
  });
});
