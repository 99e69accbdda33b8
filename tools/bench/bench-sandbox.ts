import { targetUrl } from "../../src/clients/http/target-url.js";
import type { TeardownStack } from "../../src/core/teardown-stack.js";
import { applySysctls } from "../../src/hosts/host-sysctls.js";
import type { Sandbox } from "../../src/hosts/netns/namespace-host.js";
import { createNetnsSandbox } from "../../src/hosts/netns/namespaces.js";
import { scenarioDefaults } from "../../src/scenario/defaults.js";
import { startNginx, stopNginxByPidFile } from "../../src/server/nginx.js";
import { nginxTuning } from "../../src/server/nginx-config.js";

export interface BenchSandbox {
  readonly sandbox: Sandbox;
  /** nginx's address in the server host, and its port. */
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Client-host sysctls as read back. */
  readonly clientSysctls: Readonly<Record<string, string>>;
}

/**
 * The client host may open connections at full speed for the whole bench: the widest port range and
 * tcp_tw_reuse=1, so the peers and portlab measure request rates, not port exhaustion.
 */
export const benchClientSysctls = {
  "net.ipv4.ip_local_port_range": "1024 65535",
  "net.ipv4.tcp_tw_reuse": "1",
} as const;

/**
 * The server host's own connections (the sampler tick's top-up, section c) must each leave a TIME_WAIT socket:
 * without reuse, over the widest range, the sockets add up instead of replacing each other.
 */
export const benchServerSysctls = {
  "net.ipv4.ip_local_port_range": "1024 65535",
  "net.ipv4.tcp_tw_reuse": "0",
} as const;

/**
 * One nginx worker: on 2 cores the load generator and nginx get a core each, and every tool measured
 * against it sees the same server.
 */
export const BENCH_NGINX_WORKERS = 1;

/** Client and server hosts on a veth pair, client sysctls applied, nginx listening; all on `teardown`. */
export async function startBenchSandbox(
  teardown: TeardownStack,
  options: { readonly nginxWorkers?: number; readonly nginxBinary?: string | undefined } = {},
): Promise<BenchSandbox> {
  const sandbox = await createNetnsSandbox(
    { subnet: scenarioDefaults.sandbox.subnet, clientAddresses: 1, topology: "veth" },
    teardown,
  );
  const clientSysctls = await applySysctls(sandbox.client, benchClientSysctls, []);
  await applySysctls(sandbox.server, benchServerSysctls, []);
  const host = sandbox.server.addresses[0] ?? "127.0.0.1";
  const port = scenarioDefaults.server.port;
  teardown.push("stop nginx", () => stopNginxByPidFile(sandbox.tempDir));
  const nginx = await startNginx({
    tempDir: sandbox.tempDir,
    listenAddress: host,
    ports: [port],
    ...nginxTuning(scenarioDefaults.server),
    workers: options.nginxWorkers ?? BENCH_NGINX_WORKERS,
    wrap: sandbox.server.wrap,
    nginxBinary: options.nginxBinary,
  });
  teardown.push("stop nginx (handle)", () => nginx.stop());
  return { sandbox, host, port, url: targetUrl(host, port), clientSysctls };
}
