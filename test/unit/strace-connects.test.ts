import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { StraceConnectParser } from "../../src/clients/command/strace-connects.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/command-client/strace/${name}`, import.meta.url), "utf8");

function parse(text: string, startEpochMs: number, chunkSize = text.length) {
  const parser = new StraceConnectParser(startEpochMs);
  for (let offset = 0; offset < text.length; offset += chunkSize)
    parser.push(text.slice(offset, offset + chunkSize));
  return parser.result();
}

describe("StraceConnectParser on recorded strace output (record.sh)", () => {
  it("counts EADDRNOTAVAIL once the ports ran out, leaving out the connects still in progress", () => {
    // The program's own count for this recording: {"attempts":25,"ok":10,"failures":{"EADDRNOTAVAIL":15}}
    const result = parse(fixture("exhaustion.strace"), 1796121186_900);
    expect(result.errors).toEqual({ EADDRNOTAVAIL: 15 });
    // First line 186.948007 (EINPROGRESS); first EADDRNOTAVAIL at 187.144316.
    expect(result.firstErrorMs).toEqual({ EADDRNOTAVAIL: 244 });
    expect(result.unreadLines).toBe(0);
  });

  it("reads the output the same whatever the chunks it arrives in", () => {
    const text = fixture("exhaustion.strace");
    for (const size of [1, 7, 100, 4096])
      expect(parse(text, 1796121186_900, size)).toEqual(parse(text, 1796121186_900));
  });

  it("counts TCP/IP failures by errno (IPv4, IPv6, threads of a JVM) and leaves out AF_UNIX ones", () => {
    const result = parse(fixture("mixed.strace"), 1796121192_500);
    // bash /dev/tcp: 1 refused; curl to [2001:db8::1]: 1 unreachable; Conn.java: 8 threads x 5 refused.
    expect(result.errors).toEqual({ ECONNREFUSED: 41, ENETUNREACH: 1 });
    expect(result.firstErrorMs).toEqual({ ECONNREFUSED: 57, ENETUNREACH: 197 });
    expect(result.unreadLines).toBe(0);
  });

  it("takes the earliest time of an errno when threads' lines are out of order", () => {
    const text = [
      "17073 1796121194.637444 connect(8, {sa_family=AF_INET6, sin6_port=htons(1)}, 28) = -1 ECONNREFUSED (Connection refused)",
      "17070 1796121194.637382 connect(7, {sa_family=AF_INET6, sin6_port=htons(1)}, 28) = -1 ECONNREFUSED (Connection refused)",
    ].join("\n");
    expect(parse(text, 1796121194_000).firstErrorMs).toEqual({ ECONNREFUSED: 637 });
  });
});

describe("StraceConnectParser on other line forms strace can write", () => {
  // strace splits a call into two lines when another traced thread's output comes in between; with
  // `-e status=failed` it delays output to the syscall's exit, so the recordings have none: these lines are
  // written by hand in strace's documented format.
  it("joins an unfinished connect() with its resumed result, per pid", () => {
    const text = [
      '101 1000.000100 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("198.18.0.1")}, 16 <unfinished ...>',
      '102 1000.000200 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110 <unfinished ...>',
      "102 1000.000300 <... connect resumed>) = -1 ENOENT (No such file or directory)",
      "101 1000.000400 <... connect resumed>) = -1 EADDRNOTAVAIL (Cannot assign requested address)",
      "101 1000.000500 +++ exited with 0 +++",
      "102 1000.000600 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---",
    ].join("\n");
    const result = parse(text, 1_000_000);
    expect(result.errors).toEqual({ EADDRNOTAVAIL: 1 });
    expect(result.firstErrorMs).toEqual({ EADDRNOTAVAIL: 0 });
    expect(result.unreadLines).toBe(0);
  });

  it("counts lines it cannot read instead of guessing, and reads a last line without a newline", () => {
    const parser = new StraceConnectParser(0);
    parser.push("strace: Process 12 attached\n");
    parser.push(
      "12 0.500000 connect(3, {sa_family=AF_INET}, 16) = -1 EADDRNOTAVAIL (Cannot assign requested address)",
    );
    expect(parser.result()).toEqual({
      errors: { EADDRNOTAVAIL: 1 },
      firstErrorMs: { EADDRNOTAVAIL: 500 },
      unreadLines: 1,
    });
  });
});
