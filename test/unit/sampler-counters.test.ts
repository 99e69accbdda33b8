import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  counterDeltas,
  counterRates,
  parseCounterSection,
  selectTrackedCounters,
} from "../../src/sampler/counters.js";
import { parseSockstat } from "../../src/sampler/sockstat.js";

const fixture = (host: string, file: string): string =>
  readFileSync(join(import.meta.dirname, "../fixtures/proc", host, file), "latin1");
const tracked = (host: string): Record<string, number> =>
  selectTrackedCounters(fixture(host, "netstat"), fixture(host, "snmp"));

describe("parseSockstat", () => {
  it("reads the TCP line", () => {
    expect(parseSockstat(fixture("client-mixed", "sockstat"))).toEqual({
      tcpInuse: 5,
      tcpOrphan: 0,
      tw: 4,
      tcpAlloc: 17,
      tcpMemPages: 124,
    });
    expect(parseSockstat(fixture("server-mixed", "sockstat"))).toMatchObject({ tcpInuse: 6, tw: 3 });
  });

  it("missing or truncated fields read as 0", () => {
    expect(parseSockstat("sockets: used 3\nTCP: inuse 2 orphan 1 tw")).toEqual({
      tcpInuse: 2,
      tcpOrphan: 1,
      tw: 0,
      tcpAlloc: 0,
      tcpMemPages: 0,
    });
    expect(parseSockstat("")).toMatchObject({ tw: 0, tcpInuse: 0 });
  });
});

describe("parseCounterSection", () => {
  it("reads TcpExt from netstat and Tcp from snmp by name", () => {
    const tcpExt = parseCounterSection(fixture("client-mixed", "netstat"), "TcpExt");
    expect(tcpExt.TW).toBe(4);
    expect(tcpExt.PAWSTimewait).toBe(0); // present on 6.x
    expect(tcpExt.InOctets).toBeUndefined(); // that one is IpExt
    const tcp = parseCounterSection(fixture("client-mixed", "snmp"), "Tcp");
    expect(tcp).toMatchObject({ ActiveOpens: 14, PassiveOpens: 0, CurrEstab: 5, MaxConn: -1 });
    expect(tcp.InDatagrams).toBeUndefined(); // that one is Udp
    expect(parseCounterSection(fixture("client-mixed", "snmp"), "Ip").InReceives).toBe(31);
  });

  it("a header without its value line, or short value lines, leave names out", () => {
    expect(parseCounterSection("TcpExt: A B C\nTcpExt: 1 2\n", "TcpExt")).toEqual({ A: 1, B: 2 });
    expect(parseCounterSection("TcpExt: A B C\n", "TcpExt")).toEqual({});
    expect(parseCounterSection("TcpExt: A B\nTcpExt: 1 x\n", "TcpExt")).toEqual({ A: 1 });
  });
});

describe("selectTrackedCounters", () => {
  it("keeps only the counters DESIGN.md names", () => {
    expect(tracked("client-mixed")).toEqual({
      TW: 4,
      TWRecycled: 0,
      TWKilled: 0,
      TCPTimeWaitOverflow: 0,
      PAWSActive: 0,
      PAWSEstab: 0,
      PAWSTimewait: 0,
      TCPSynRetrans: 0,
      TCPACKSkippedTimeWait: 0,
      ActiveOpens: 14,
      PassiveOpens: 0,
      AttemptFails: 0,
      EstabResets: 0,
      OutRsts: 0,
      RetransSegs: 0,
    });
  });

  it("leaves out counters this kernel lacks", () => {
    const counters = selectTrackedCounters(
      "TcpExt: TW TCPSynRetrans\nTcpExt: 7 2\n",
      "Tcp: ActiveOpens\nTcp: 9\n",
    );
    expect(counters).toEqual({ TW: 7, TCPSynRetrans: 2, ActiveOpens: 9 });
  });
});

describe("counter deltas", () => {
  it("idle → after 14 connections on the client", () => {
    const deltas = counterDeltas(tracked("client-idle"), tracked("client-mixed"));
    expect(deltas.ActiveOpens).toBe(14);
    expect(deltas.TW).toBe(4);
    expect(deltas.PassiveOpens).toBe(0);
  });

  it("skips counters missing on either side and counters that went backwards, never NaN", () => {
    const deltas = counterDeltas({ A: 1, B: 5, C: 3 }, { A: 4, B: 2, D: 9 });
    expect(deltas).toEqual({ A: 3 });
    expect(Object.values(counterDeltas({ A: Number.NaN }, { A: 1 }))).toEqual([]);
  });

  it("per-second rates divide by the elapsed seconds", () => {
    expect(counterRates({ A: 10 }, { A: 30 }, 1)).toEqual({ A: 20 });
    expect(counterRates({ A: 10 }, { A: 30 }, 2)).toEqual({ A: 10 });
    expect(counterRates({ A: 10 }, { A: 30 }, 0)).toEqual({});
  });
});
