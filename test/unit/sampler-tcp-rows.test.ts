import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeProcAddress, endpointText } from "../../src/sampler/proc-address.js";
import { forEachTcpRow, type TcpRow } from "../../src/sampler/tcp-rows.js";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (...path: string[]): Buffer => readFileSync(join(fixtures, ...path));

function rowsOf(table: string | Buffer): TcpRow[] {
  const rows: TcpRow[] = [];
  forEachTcpRow(table, (row) => rows.push({ ...row }));
  return rows;
}

describe("decodeProcAddress", () => {
  it("reads the kernel's little-endian words", () => {
    expect(decodeProcAddress("0100007F")).toBe("127.0.0.1");
    expect(decodeProcAddress("020012C6")).toBe("198.18.0.2");
    expect(decodeProcAddress("00000000")).toBe("0.0.0.0");
  });

  it("gives IPv6 in RFC 5952 form and IPv4-mapped addresses as IPv4", () => {
    expect(decodeProcAddress("00000000000000000000000001000000")).toBe("::1");
    expect(decodeProcAddress("00000000000000000000000000000000")).toBe("::");
    expect(decodeProcAddress("0000000000000000FFFF0000020012C6")).toBe("198.18.0.2");
    // The longest run of zero groups is compressed; of two equal runs, the first.
    expect(decodeProcAddress("B80D0120000000000000010000000000")).toBe("2001:db8:0:0:1::");
    expect(decodeProcAddress("B80D0120000000000000050001000000")).toBe("2001:db8::5:0:0:1");
  });

  it("refuses anything but 8 or 32 hex digits", () => {
    expect(decodeProcAddress("0100007")).toBeNull();
    expect(decodeProcAddress("0100007G")).toBeNull();
    expect(decodeProcAddress("")).toBeNull();
  });

  it("brackets IPv6 endpoints", () => {
    expect(endpointText("198.18.0.1", 80)).toBe("198.18.0.1:80");
    expect(endpointText("::1", 40500)).toBe("[::1]:40500");
  });
});

describe("forEachTcpRow on recorded tables", () => {
  it("decodes every socket of a client table: endpoints, state, TIME_WAIT timer, inode", () => {
    const rows = rowsOf(read("proc", "client-mixed", "tcp"));
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual({
      localAddress: "198.18.0.1",
      localPort: 0x9d98,
      remoteAddress: "198.18.0.2",
      remotePort: 8080,
      state: "ESTABLISHED",
      timerMs: 0,
      inode: 6964,
    });
    // 03:0000172D: the TIME_WAIT timer with 0x172D = 5933 ticks of 10 ms left; TIME_WAIT has no inode.
    expect(rows[3]).toMatchObject({ state: "TIME_WAIT", timerMs: 59_330, inode: 0 });
    expect(rows.map((row) => row.state)).toEqual([
      ...Array(3).fill("ESTABLISHED"),
      ...Array(4).fill("TIME_WAIT"),
      ...Array(2).fill("FIN_WAIT2"),
    ]);
  });

  it("reads tcp6: a dual-stack listener, IPv4-mapped and ::1 connections", () => {
    const rows = rowsOf(read("inspect", "client-busy", "reading-1", "tcp6"));
    expect(
      rows.map((row) => [row.localAddress, row.localPort, row.remoteAddress, row.remotePort, row.state]),
    ).toEqual([
      ["::", 40500, "::", 0, "LISTEN"],
      ["127.0.0.1", 40500, "127.0.0.1", 0x9d0a, "ESTABLISHED"],
      ["127.0.0.1", 40500, "127.0.0.1", 0x9d18, "ESTABLISHED"],
      ["::1", 40500, "::1", 0x9f40, "ESTABLISHED"],
      ["::1", 0x9f40, "::1", 40500, "ESTABLISHED"],
    ]);
  });

  it("skips the header, blank, malformed and truncated lines, and accepts a string", () => {
    const table = read("proc", "client-mixed", "tcp").toString("latin1");
    const [header, first, second] = table.split("\n") as [string, string, string];
    const damaged = [
      header,
      "",
      first.replace("010012C6:9D98", "010012C6:9D9"),
      first.replace(" 01 ", " XY "),
      first.slice(0, 60),
      "garbage",
      second,
    ].join("\n");
    expect(rowsOf(damaged).map((row) => row.localPort)).toEqual([0x9da2]);
  });

  it("passes the same row object each time (the visitor copies what it keeps)", () => {
    const seen = new Set<TcpRow>();
    forEachTcpRow(read("proc", "client-mixed", "tcp"), (row) => seen.add(row));
    expect(seen.size).toBe(1);
  });
});
