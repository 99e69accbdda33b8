import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/errors.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { refusal } from "../support/refusal.js";

const natProfile = `
profiles:
  - name: my-nat
    explanation: three clients behind a small NAT
    topology: nat
    nat: { clients: 3, portRange: "40000-40019" }
    router: { sysctls: { nf_conntrack_tcp_timeout_time_wait: 2 } }
`;

describe("NAT profiles in a scenario", () => {
  it("reads the client hosts, the router's port range and its conntrack parameters", () => {
    const [profile] = scenarios.parseText(`name: n${natProfile}`, "n.yaml").profiles;
    expect(profile).toMatchObject({
      topology: "nat",
      nat: { clients: 3, portRange: { low: 40000, high: 40019 } },
      router: { sysctls: { "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "2" } },
    });
  });

  it("extends a library NAT profile, merging the router's parameters and keeping its range", () => {
    const [profile] = scenarios.parseText(
      "name: n\nprofiles:\n  - { name: fast-nat, extends: nat, router: { sysctls: { nf_conntrack_tcp_timeout_time_wait: 2 } } }\n",
      "n.yaml",
    ).profiles;
    expect(profile?.nat).toEqual({ clients: 2, portRange: { low: 40000, high: 40009 } });
    expect(profile?.router?.sysctls).toEqual({ "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "2" });
    const [plain] = scenarios.parseText(
      "name: n\nprofiles: [{ name: p, explanation: x, topology: nat }]\n",
      "n.yaml",
    ).profiles;
    expect(plain?.nat).toEqual({ clients: 2, portRange: null });
  });

  it("keeps a cloud profile's per-node allocation and gateway when a scenario extends it", () => {
    const [profile] = scenarios.parseText(
      "name: n\nload: { concurrency: 20 }\nprofiles:\n  - { name: gcp-10, extends: nat-gcp-cloud-nat, nat: { clients: 10 } }\n",
      "n.yaml",
    ).profiles;
    expect(profile?.nat).toEqual({
      clients: 10,
      portRange: { low: 1024, high: 1087 },
      perClient: true,
      gateway: "GCP Cloud NAT",
    });
    expect(profile?.router?.sysctls["net.netfilter.nf_conntrack_tcp_timeout_established"]).toBe("1200");
  });

  it("refuses per-node blocks that would end past port 65535", () => {
    const error = refusal(() =>
      scenarios.parseText(
        "name: n\nload: { concurrency: 16 }\nprofiles:\n  - { name: big, extends: nat-azure-lb, nat: { clients: 16, portRange: 40000-44095 } }\n",
        "n.yaml",
      ),
    );
    expect(error.exitCode).toBe(ExitCode.invalidInput);
    expect(error.message).toMatch(
      /profiles\[0\]\.nat: gives each of 16 client hosts 4096 ports of its own from 40000: the last block ends at 105535, past 65535/,
    );
  });

  it("refuses what a NAT cannot do, each problem with its path", () => {
    const error = refusal(() =>
      scenarios.parseText(
        [
          "name: n",
          "load: { concurrency: 1 }",
          "sandbox: { driver: docker }",
          "profiles:",
          "  - { name: a, explanation: x, topology: nat, router: { sysctls: { nf_conntrack_max: 10 } } }",
          "  - { name: b, explanation: x, nat: { clients: 2 } }",
          "  - { name: c, explanation: x, topology: nat, client: { sourceAddresses: 2 } }",
          "",
        ].join("\n"),
        "n.yaml",
      ),
    );
    expect(error.exitCode).toBe(ExitCode.invalidInput);
    const lines = error.message.split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/profiles\[0\]\.topology: a NAT router host needs sandbox.driver netns/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /profiles\[0\]\.router\.sysctls\["net\.netfilter\.nf_conntrack_max"\]: cannot be set: read-only/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/profiles\[1\]\.nat: applies to topology: nat only/));
    expect(lines).toContainEqual(
      expect.stringMatching(/sourceAddresses: behind a NAT each client host has one/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /load\.concurrency: is split over the client hosts behind a NAT \(2 in a profile\)/,
      ),
    );
  });

  it("refuses a command client behind a NAT with several client hosts: it would run in one of them", () => {
    const error = refusal(() =>
      scenarios.parseText(
        "name: n\nclients: [{ kind: command, run: [curl, http://x] }]\nprofiles: [nat]\n",
        "n.yaml",
      ),
    );
    expect(error.message).toMatch(/clients\[0\]: a command client runs in one client host/);
  });

  it("refuses a port range that is not LOW-HIGH within 1..65535", () => {
    for (const range of ['"40009-40000"', '"0-10"', "40000", '"40000-70000"']) {
      const error = refusal(() =>
        scenarios.parseText(
          `name: n\nprofiles: [{ name: a, explanation: x, topology: nat, nat: { portRange: ${range} } }]\n`,
          "n.yaml",
        ),
      );
      expect(error.message).toMatch(/portRange: must be a port range LOW-HIGH/);
    }
  });
});

describe("capture in a scenario", () => {
  it("takes a host, a list, all, or a mapping with caps", () => {
    const capture = (section: string) =>
      scenarios.parseText(`name: c\ncapture: ${section}\n`, "c.yaml").capture;
    expect(capture("server")).toEqual({
      roles: ["server"],
      packets: 100_000,
      bytes: 10_000_000,
      snapLength: 96,
    });
    expect(capture("[server, client]")?.roles).toEqual(["client", "server"]);
    expect(capture("all")?.roles).toEqual(["client", "server", "router"]);
    expect(capture("{ hosts: server, packets: 500, megabytes: 0.5 }")).toMatchObject({
      packets: 500,
      bytes: 500_000,
    });
    expect(scenarios.parseText("name: c\n", "c.yaml").capture).toBeNull();
  });

  it("refuses the router when no profile has one, and unknown hosts", () => {
    expect(refusal(() => scenarios.parseText("name: c\ncapture: router\n", "c.yaml")).message).toMatch(
      /capture: names the router, but no profile of this scenario has one/,
    );
    expect(refusal(() => scenarios.parseText("name: c\ncapture: nginx\n", "c.yaml")).message).toMatch(
      /capture: must be client, server, router, all/,
    );
    expect(scenarios.parseText(`name: c\ncapture: router${natProfile}`, "c.yaml").capture?.roles).toEqual([
      "router",
    ]);
  });

  it("bounds all capture files together: the file's cap × captured hosts × runs, at most 1,000 MB", () => {
    const profiles = (count: number) =>
      `profiles:\n${Array.from({ length: count }, (_, index) => `  - { name: p${index}, extends: narrow-range }\n`).join("")}`;
    const parse = (text: string, unbounded = false) =>
      scenarios.parseText(`name: c\n${text}`, "c.yaml", { unbounded, unboundedFlag: "--unbounded" });
    // 2 clients × 25 profiles × 2 hosts = 100 files of up to 10 MB: exactly the limit.
    expect(parse(`capture: [client, server]\n${profiles(25)}`).capture).not.toBeNull();
    const over = refusal(() => parse(`capture: [client, server]\n${profiles(26)}`));
    expect(over.exitCode).toBe(ExitCode.invalidInput);
    expect(over.message).toContain(
      "c.yaml:2:1: capture: 104 capture files (captured hosts × runs) of up to 10 MB = 1,040 MB is over the limit of 1,000 MB in all",
    );
    expect(over.message).toContain("or lift the limits explicitly with --unbounded");
    expect(parse(`capture: [client, server]\n${profiles(26)}`, true).capture).not.toBeNull();
  });

  it("counts every host a capture selects (a NAT's client hosts and router) and names the cap that binds", () => {
    const parse = (capture: string) =>
      scenarios.parseText(`name: c\nclients: [short]\nprofiles: [nat]\ncapture: ${capture}\n`, "c.yaml");
    // nat: 2 client hosts, the router and the server, 4 files; 250 MB each is the limit.
    expect(parse("{ hosts: all, packets: 10000000, megabytes: 250 }").capture?.roles).toHaveLength(3);
    expect(refusal(() => parse("{ hosts: all, packets: 10000000, megabytes: 251 }")).message).toMatch(
      /capture\.megabytes: 4 capture files .* of up to 251 MB = 1,004 MB is over the limit/,
    );
    // 3,000,000 packets of 112 bytes (+24) bind before 1,000 MB do: 336 MB a file.
    expect(refusal(() => parse("{ hosts: all, packets: 3000000, megabytes: 1000 }")).message).toMatch(
      /capture\.packets: 4 capture files .* of up to 336 MB = 1,344 MB/,
    );
    // Without caps of its own the default caps bind (10 MB a file): 4 files are far below the limit.
    expect(parse("all").capture).not.toBeNull();
  });

  it("--capture replaces the file's hosts and keeps its caps", () => {
    const base = scenarios.parseText("name: c\ncapture: { hosts: client, packets: 700 }\n", "c.yaml");
    const flagged = scenarios.applyFlags(base, { capture: ["server"] });
    expect(flagged.capture).toMatchObject({ roles: ["server"], packets: 700 });
    expect(scenarios.applyFlags(null, { capture: ["all"] }).capture?.roles).toEqual([
      "client",
      "server",
      "router",
    ]);
  });
});
