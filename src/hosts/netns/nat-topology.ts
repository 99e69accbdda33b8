import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { environmentError } from "../../core/errors.js";
import { CommandFailedError, runCommand } from "../../core/exec-file.js";
import { type NatSpec, natPortsOf, type PortSpan } from "../../core/profile.js";
import { planNatSubnet } from "../../core/subnet.js";
import type { TeardownStack } from "../../core/teardown-stack.js";
import { KERNEL_NAT_PORTS } from "../../kernel/model-nat.js";
import { namespaceName, vethName } from "./names.js";
import { namespaceHost, type SandboxHost } from "./namespace-host.js";
import { addNamespace, addVethPair, ip, startSandbox } from "./namespaces.js";
import { netnsErrors } from "./netns-errors.js";

export interface NatSandboxOptions {
  readonly subnet: string;
  readonly nat: NatSpec;
}

/** Client hosts behind a router host that masquerades them, then the server; owned by one run. */
export interface NatSandbox {
  readonly id: string;
  readonly tempDir: string;
  readonly clients: readonly SandboxHost[];
  readonly router: SandboxHost;
  readonly server: SandboxHost;
}

/**
 * The router's NAT: every TCP connection leaving toward the server gets the router's address and a port of the
 * range. With `perClient` each client address has a rule of its own and its own block of ports (a per-VM
 * allocation), so one host running out leaves the others' ports alone.
 */
export function natRuleset(
  serverLink: string,
  portRange: PortSpan | null,
  perClient: readonly { readonly address: string; readonly ports: PortSpan }[] = [],
): string {
  const span = (ports: PortSpan) => ` to :${ports.low}-${ports.high}`;
  const rule = `    oifname "${serverLink}" meta l4proto tcp`;
  const rules =
    perClient.length > 0
      ? perClient.map(({ address, ports }) => `${rule} ip saddr ${address} masquerade${span(ports)}`)
      : [`${rule} masquerade${portRange === null ? "" : span(portRange)}`];
  return [
    "table ip portlab {",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    ...rules,
    "  }",
    "}",
    "",
  ].join("\n");
}

async function loadRuleset(netns: string, file: string): Promise<void> {
  try {
    await runCommand("ip", ["netns", "exec", netns, "nft", "-f", file]);
  } catch (error) {
    if (error instanceof CommandFailedError)
      throw netnsErrors.environment(
        "NAT_RULES",
        `nft could not load the router's NAT rules: ${error.stderr.trim()}`,
        "install nftables (apt-get install nftables); the kernel needs nf_tables and NAT",
        error,
      );
    throw error;
  }
}

/**
 * N client namespaces, each on its own veth to a bridge in the router namespace (the clients' network, the
 * router their gateway), and the router's own veth to the server namespace. The router forwards (ip_forward=1,
 * written inside it by its agent) and masquerades with nftables. Every piece is registered on `teardown`
 * before it exists.
 */
export async function createNatSandbox(
  options: NatSandboxOptions,
  teardown: TeardownStack,
): Promise<NatSandbox> {
  const { id, tempDir, record } = await startSandbox(teardown);
  const plan = planNatSubnet(options.subnet, options.nat.clients);
  const length = plan.prefixLength;

  const routerNs = namespaceName(id, "router");
  await addNamespace(routerNs, teardown, record);
  const bridge = vethName(id, "b");
  await ip(["-n", routerNs, "link", "add", bridge, "type", "bridge"]);
  await ip(["-n", routerNs, "addr", "add", `${plan.routerInside}/${length}`, "dev", bridge]);
  await ip(["-n", routerNs, "link", "set", bridge, "up"]);

  const several = plan.clients.length > 1;
  const clients: SandboxHost[] = [];
  for (const [offset, address] of plan.clients.entries()) {
    const index = offset + 1;
    const clientNs = namespaceName(id, "client", index);
    await addNamespace(clientNs, teardown, record);
    const clientLink = vethName(id, "c", index);
    const port = vethName(id, "b", index);
    await addVethPair({ name: clientLink, netns: clientNs }, { name: port, netns: routerNs }, record);
    await ip(["-n", routerNs, "link", "set", port, "master", bridge]);
    await ip(["-n", routerNs, "link", "set", port, "up"]);
    await ip(["-n", clientNs, "addr", "add", `${address}/${length}`, "dev", clientLink]);
    await ip(["-n", clientNs, "link", "set", clientLink, "up"]);
    await ip(["-n", clientNs, "route", "add", "default", "via", plan.routerInside]);
    const name = several ? `client-${index}` : "client";
    clients.push(namespaceHost("client", clientNs, [address], name, clientLink, tempDir));
  }

  const serverNs = namespaceName(id, "server");
  await addNamespace(serverNs, teardown, record);
  const routerLink = vethName(id, "r");
  const serverLink = vethName(id, "s");
  await addVethPair({ name: routerLink, netns: routerNs }, { name: serverLink, netns: serverNs }, record);
  await ip(["-n", routerNs, "addr", "add", `${plan.routerOutside}/${length}`, "dev", routerLink]);
  await ip(["-n", serverNs, "addr", "add", `${plan.server}/${length}`, "dev", serverLink]);
  await ip(["-n", routerNs, "link", "set", routerLink, "up"]);
  await ip(["-n", serverNs, "link", "set", serverLink, "up"]);

  const router = namespaceHost(
    "router",
    routerNs,
    [plan.routerInside, plan.routerOutside],
    "router",
    routerLink,
    tempDir,
  );
  await router.applySysctls({ "net.ipv4.ip_forward": "1" }, []);
  const rules = join(tempDir, "nat.nft");
  const blocks = options.nat.perClient
    ? plan.clients.map((address, index) => ({
        address,
        ports: natPortsOf(options.nat, index, KERNEL_NAT_PORTS),
      }))
    : [];
  await writeFile(rules, natRuleset(routerLink, options.nat.portRange, blocks), { mode: 0o600 });
  await loadRuleset(routerNs, rules);

  return {
    id,
    tempDir,
    clients,
    router,
    server: namespaceHost("server", serverNs, [plan.server], "server", serverLink, tempDir),
  };
}
