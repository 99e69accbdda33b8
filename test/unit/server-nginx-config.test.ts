import { describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { scenarioDefaults } from "../../src/scenario/defaults.js";
import {
  MAX_BODY_BYTES,
  type NginxConfigOptions,
  nginxTuning,
  readNginxTemplate,
  renderNginxConfig,
} from "../../src/server/nginx-config.js";

const template = readNginxTemplate();
const base: NginxConfigOptions = {
  prefix: "/tmp/portlab-0123abcd",
  listenAddress: "198.18.0.1",
  ports: [8080, 8081, 8082],
  workers: 2,
  keepaliveTimeoutS: 15,
  keepaliveRequests: 500,
  backlog: 4096,
  bodyBytes: 64,
};

function render(overrides: Partial<NginxConfigOptions> = {}): string {
  return renderNginxConfig(template, { ...base, ...overrides });
}

/** The body nginx would send: the `return` string with its `set` variables expanded. */
function expandBody(config: string): string {
  const variables = new Map<string, string>();
  const expand = (text: string) =>
    text.replace(/\$\{(\w+)\}/g, (_m, name: string) => variables.get(name) ?? "?");
  for (const match of config.matchAll(/set \$(\w+) "([^"]*)";/g)) {
    variables.set(match[1] ?? "", expand(match[2] ?? ""));
  }
  const returned = /return 200 "([^"]*)";/.exec(config);
  return expand(returned?.[1] ?? "?");
}

function expectOptionError(overrides: Partial<NginxConfigOptions>): void {
  let caught: unknown;
  try {
    render(overrides);
  } catch (error) {
    caught = error;
  }
  expect(isPortlabError(caught) && caught.code).toBe("NGINX_OPTION");
}

describe("renderNginxConfig", () => {
  it("listens on the address and every port with the backlog, without reuseport", () => {
    const listens = [...render().matchAll(/^\s*listen (.+);$/gm)].map((match) => match[1]);
    expect(listens).toEqual([
      "198.18.0.1:8080 backlog=4096",
      "198.18.0.1:8081 backlog=4096",
      "198.18.0.1:8082 backlog=4096",
    ]);
  });

  it("runs in the foreground with a master, the worker count and high limits", () => {
    const config = render({ workers: 3 });
    expect(config).toMatch(/^daemon off;$/m);
    expect(config).toMatch(/^master_process on;$/m);
    expect(config).toMatch(/^worker_processes 3;$/m);
    expect(config).toMatch(/worker_connections 65535;/);
    expect(config).toMatch(/multi_accept on;/);
    const nofile = Number(/worker_rlimit_nofile (\d+);/.exec(config)?.[1]);
    expect(nofile).toBeGreaterThan(65535);
  });

  it("takes exactly nginx's settings from a scenario's server (both drivers and the bench use them)", () => {
    expect(nginxTuning(scenarioDefaults.server)).toEqual({
      workers: 1,
      keepaliveTimeoutS: 60,
      keepaliveRequests: 1_000_000,
      backlog: 4096,
      bodyBytes: 2,
    });
  });

  it("takes keep-alive settings from the scenario, 0 included", () => {
    expect(render()).toMatch(/keepalive_timeout 15s;/);
    expect(render()).toMatch(/keepalive_requests 500;/);
    expect(render({ keepaliveTimeoutS: 0 })).toMatch(/keepalive_timeout 0s;/);
  });

  it("keeps plain FIN closes: no access log, no reset of timed-out connections", () => {
    const config = render();
    expect(config).toMatch(/access_log off;/);
    expect(config).toMatch(/reset_timedout_connection off;/);
    expect(config).toMatch(/lingering_close on;/);
  });

  it("writes every path under the prefix and nothing under /var", () => {
    const config = render();
    expect(config).not.toMatch(/\/var\//);
    const pathDirectives = [...config.matchAll(/^\s*(pid|error_log|\w+_temp_path) (\S+)/gm)];
    expect(pathDirectives.map((match) => match[1])).toEqual([
      "pid",
      "error_log",
      "client_body_temp_path",
      "proxy_temp_path",
      "fastcgi_temp_path",
      "uwsgi_temp_path",
      "scgi_temp_path",
    ]);
    for (const match of pathDirectives) expect(match[2]).toMatch(/^\/tmp\/portlab-0123abcd\/\w+/);
  });

  it("leaves no placeholder unfilled", () => {
    expect(render()).not.toMatch(/\{\{|\}\}/);
  });

  it.each([0, 1, 64, 1023, 1024, 1025, 3000, 4096, 10_000, 65_536, 1_000_000])(
    "answers a body of exactly %i bytes with no config token over nginx's 4 KiB limit",
    (bodyBytes) => {
      const config = render({ bodyBytes });
      expect(expandBody(config)).toBe("x".repeat(bodyBytes));
      const longestQuoted = Math.max(
        ...[...config.matchAll(/"([^"]*)"/g)].map((match) => match[1]?.length ?? 0),
      );
      expect(longestQuoted).toBeLessThan(4000);
    },
  );

  it("rejects an address that is not an IPv4 literal", () => {
    for (const listenAddress of ["localhost", "::1", "198.18.0.1; include /etc/passwd", "198.18.0.256", ""]) {
      expectOptionError({ listenAddress });
    }
  });

  it("rejects prefixes nginx's parser would treat specially", () => {
    for (const prefix of ["relative/dir", "/tmp/a b", "/tmp/a;b", "/tmp/$x", '/tmp/a"b', "/tmp/{a}"]) {
      expectOptionError({ prefix });
    }
  });

  it("rejects numbers out of range or not integers", () => {
    expectOptionError({ ports: [] });
    expectOptionError({ ports: [8080, 8080] });
    expectOptionError({ ports: [0] });
    expectOptionError({ ports: [65536] });
    expectOptionError({ workers: 0 });
    expectOptionError({ workers: 1.5 });
    expectOptionError({ keepaliveTimeoutS: -1 });
    expectOptionError({ keepaliveRequests: 0 });
    expectOptionError({ backlog: Number.NaN });
    expectOptionError({ bodyBytes: MAX_BODY_BYTES + 1 });
  });

  it("throws on a template placeholder it cannot fill", () => {
    expect(() => renderNginxConfig("worker_processes {{cpus}};", base)).toThrow(/cpus/);
  });
});
