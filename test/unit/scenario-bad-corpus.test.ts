import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { scenarios } from "../../src/engine/scenarios.js";

const corpus = join(import.meta.dirname, "..", "fixtures", "bad-scenarios");

/** Each malformed file and the text its error must contain: the cause, not just "invalid". */
const expectedCause: Record<string, string> = {
  "absurd-duration.yaml": "load.duration: 100h is over the limit of 10m",
  "bad-name.yaml": "name: must be 1-48 characters of a-z, 0-9 and -",
  "billion-laughs.yaml": "alias bomb",
  "binary-nul-bytes.yaml": "looks binary",
  "capture-over-limit.yaml":
    "capture.megabytes: 16 capture files (captured hosts × runs) of up to 100 MB = 1,600 MB is over the limit of 1,000 MB in all",
  "client-close-typo.yaml": "clients[0].close: must be client-first, server-first, reset or leak",
  "client-shorthand-typo.yaml": "clients[0]: must be short, pooled, autocannon or fetch",
  "client-unknown-kind.yaml":
    'clients[0].kind: must be short, pooled, autocannon, fetch or command, got the text "longpoll"',
  "clients-empty.yaml": "clients: must list at least one",
  "clients-not-a-list.yaml": "clients: must be a list of clients",
  "comments-only.yaml": "is empty",
  "complex-key.yaml": "2:3: invalid YAML: mapping keys must be plain names",
  "concurrency-fraction.yaml": "load.concurrency: must be a positive whole number of concurrent requests",
  "connections-zero.yaml":
    "clients[0].connections: must be a positive whole number of connections, e.g. 16 (got 0)",
  "custom-tag.yaml": "unsupported YAML tag",
  "deep-nesting.yaml": "nests deeper than",
  "derived-requests-over-limit.yaml":
    "load: rate × duration (66000000 requests with headroom) is over the limit",
  "description-multiline.yaml": "description: must be one line",
  "duplicate-clients.yaml": "clients[1]: is the same client as clients[0]",
  "duplicate-keys.yaml": "4:3: invalid YAML: Map keys must be unique",
  "duplicate-profiles.yaml": 'profiles[2]: profile "linux-default" is listed twice',
  "duration-typo.yaml": 'load.duration: must be a duration such as "10s"',
  "duration-zero.yaml": "load.duration: must be at least 1s",
  "empty.yaml": "is empty",
  "inline-without-explanation.yaml": "profiles[0].explanation: is required for a profile without extends",
  "invalid-utf8.yaml": "is not valid UTF-8",
  "keepalive-fractional.yaml": "server.keepaliveTimeout: must be whole seconds",
  "load-not-a-mapping.yaml": "load: must be a mapping",
  "max-requests-over-limit.yaml": "load.maxRequests: 20000000 is over the limit of 10000000 requests",
  "merge-key.yaml": 'load["<<"]: unknown key',
  "missing-name.yaml":
    "name: must be 1-48 characters of a-z, 0-9 and -, starting with a letter or digit (it names the results directory), e.g. short-vs-pooled, it is missing",
  "multiple-documents.yaml": "2:1: invalid YAML: more than one YAML document",
  "name-wrong-type.yaml": "name: must be 1-48 characters",
  "port-range-inverted.yaml":
    'profiles[0].client.sysctls.ip_local_port_range: port range "50000 40000" is inverted',
  "port-range-one-port.yaml": "must be two ports LOW HIGH",
  "port-range-over-65535.yaml": "must stay within 1024..65535",
  "port-range-privileged.yaml":
    'sysctls["net.ipv4.ip_local_port_range"]: port range "80 1000" must stay within 1024..65535',
  "profile-shadows-library.yaml": 'profiles[0].name: "narrow-range" is a library profile',
  "ramp-with-concurrency.yaml": "load.rampFrom: applies to open loop (rate) only",
  "ramp-without-start.yaml": "load.rampFrom: is required with ramp",
  "rate-and-concurrency.yaml": "not both",
  "rate-infinity.yaml":
    "load.rate: must be a positive number of requests per second, e.g. 2000 (got number Infinity)",
  "rate-nan.yaml": "load.rate: must be a positive number of requests per second, e.g. 2000 (got number NaN)",
  "rate-negative.yaml": "load.rate: must be a positive number of requests per second, e.g. 2000 (got -500)",
  "rate-over-limit.yaml": "load.rate: 5000000 is over the limit of 100000 requests per second",
  "rate-string.yaml":
    'load.rate: must be a positive number of requests per second, e.g. 2000 (got the text "fast")',
  "rate-zero.yaml": "load.rate: must be a positive number of requests per second, e.g. 2000 (got 0)",
  "sandbox-driver.yaml": "sandbox.driver: must be netns or docker",
  "server-image-netns.yaml":
    "server.image: runs as a container: it needs sandbox.driver docker (--driver docker), not netns; under netns use server.command",
  "server-command-docker.yaml":
    "server.command: starts a program inside the server host: it needs sandbox.driver netns (--driver netns), not docker; under docker use server.image",
  "server-port-zero.yaml": "server.port: must be a port number from 1 to 65535",
  "subnet-host-bits.yaml": "sandbox.subnet: 198.18.0.1/24 has host bits set; use 198.18.0.0/24",
  "subnet-prefix.yaml": "sandbox.subnet: prefix /8 must be between /16 and /29",
  "sysctl-negative-value.yaml": "sysctls.tcp_fin_timeout: -1 is not a whole number >= 0",
  "sysctl-outside-net.yaml":
    '"kernel.panic" is not an allowed sysctl name (not under net.ipv4, net.ipv6, net.core or net.netfilter)',
  "sysctl-path-traversal.yaml":
    '"net.ipv4.../../x" is not an allowed sysctl name (path parts are not allowed)',
  "sysctl-same-twice.yaml": 'is the same sysctl as "tcp_tw_reuse"',
  "sysctl-shell-name.yaml": '"$(touch /tmp/x)" is not an allowed sysctl name',
  "sysctl-shell-value.yaml": 'profiles[0].server.sysctls.tcp_tw_reuse: "1; reboot" is not allowed',
  "sysctl-whitespace-name.yaml": '"net.ipv4.tcp_tw_reuse " is not an allowed sysctl name',
  "tab-indentation.yaml": "3:1: invalid YAML: Tabs are not allowed as indentation",
  "too-many-runs.yaml": "profiles: 5 clients × 13 profiles = 65 runs is over the limit of 64 runs",
  "top-level-list.yaml": "the document is a list, not a mapping",
  "top-level-scalar.yaml": "not a mapping",
  "unclosed-flow.yaml": "invalid YAML: Flow sequence",
  "unknown-client-key.yaml": 'clients[0].conections: unknown key "conections" (did you mean "connections"?)',
  "unknown-extends.yaml":
    'profiles[0].extends: unknown profile "fastest"; known profiles: linux-default, narrow-range',
  "unknown-load-key.yaml": 'load.rat: unknown key "rat" (did you mean "rate"?)',
  "unknown-profile-key.yaml": 'profiles[0].client.sysctl: unknown key "sysctl" (did you mean "sysctls"?)',
  "unknown-profile.yaml":
    'profiles[0]: unknown profile "narow-range" (did you mean "narrow-range"?); known profiles: linux-default',
  "unknown-server-key.yaml": 'server.keepalive: unknown key "keepalive"',
  "unknown-top-level-key.yaml": 'clinets: unknown key "clinets" (did you mean "clients"?)',
  "unresolved-alias.yaml": "Unresolved alias",
};

async function failureOf(file: string): Promise<unknown> {
  try {
    await scenarios.loadFile(file);
  } catch (error) {
    return error;
  }
  return null;
}

describe("bad scenario corpus", () => {
  const files = readdirSync(corpus).sort();

  it("has an expected cause for every file and a file for every expected cause", () => {
    expect(files).toEqual(Object.keys(expectedCause).sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)("%s is refused as invalid input, with its cause and no stack trace", async (name) => {
    const path = join(corpus, name);
    const error = await failureOf(path);
    expect(isPortlabError(error), `${name} was accepted or threw a non-portlab error: ${String(error)}`).toBe(
      true,
    );
    if (!isPortlabError(error)) return;
    expect(error.kind).toBe("invalid-input");
    expect(error.code).toBe("INVALID_SCENARIO");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(expectedCause[name]);
    expect(error.message).not.toMatch(/\n\s+at |\bat .*\.(js|ts):\d+/);
    // Every line names the file, so a terminal or editor can jump to it.
    for (const line of error.message.split("\n")) expect(line.startsWith(`${path}:`)).toBe(true);
  });
});
