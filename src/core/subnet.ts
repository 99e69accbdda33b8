import { invalidInput } from "./errors.js";

/** An IPv4 address and prefix as written ("198.18.0.7/24"); `address` is the whole address as a number. */
export interface Cidr {
  readonly address: number;
  readonly prefixLength: number;
}

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Reads `a.b.c.d/n` (one to three digits an octet, one or two for the prefix): "malformed" when it is not that
 * shape, "octet over 255" when it is but an octet is out of range. The prefix is not checked here.
 */
export function parseCidr(text: string): Cidr | "malformed" | "octet over 255" {
  const match = cidrPattern.exec(text);
  if (!match) return "malformed";
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return "octet over 255";
  return { address: octets.reduce((sum, octet) => sum * 256 + octet, 0), prefixLength: Number(match[5]) };
}

/** How many addresses a prefix spans. */
export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** The network address of the block `cidr` is in (its host bits cleared). */
export function networkOf(cidr: Cidr): number {
  return cidr.address - (cidr.address % blockSize(cidr.prefixLength));
}

export function dottedQuad(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export interface SubnetPlan {
  readonly prefixLength: number;
  readonly server: string;
  readonly clients: readonly string[];
  /** The subnet's last host address, left for a bridge's gateway (Docker's), so the first addresses stay ours. */
  readonly gateway: string;
}

/** The subnet's network address and prefix; a text that is not an IPv4 CIDR up to /30 is invalid input. */
function parseLinkSubnet(cidr: string): { readonly network: number; readonly prefixLength: number } {
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string" || parsed.prefixLength > 30) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} is not an IPv4 CIDR`,
      "use e.g. 198.18.0.0/24",
    );
  }
  return { network: networkOf(parsed), prefixLength: parsed.prefixLength };
}

/** Server takes the first host address of the subnet, the client host the next `clientCount`. */
export function planSubnet(cidr: string, clientCount: number): SubnetPlan {
  const { network, prefixLength } = parseLinkSubnet(cidr);
  const size = blockSize(prefixLength);
  if (clientCount + 3 > size) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} has room for ${size - 3} client addresses, ${clientCount} asked`,
      "use a larger subnet, e.g. 198.18.0.0/24",
    );
  }
  return {
    prefixLength,
    server: dottedQuad(network + 1),
    clients: Array.from({ length: clientCount }, (_, index) => dottedQuad(network + 2 + index)),
    gateway: dottedQuad(network + size - 2),
  };
}

export interface NatSubnetPlan {
  /** Both halves of the subnet have this prefix. */
  readonly prefixLength: number;
  /** The router's address on the client side (the clients' gateway), then one address per client host. */
  readonly routerInside: string;
  readonly clients: readonly string[];
  /** The router's address on the server side: the one source address the server sees. */
  readonly routerOutside: string;
  readonly server: string;
}

/**
 * A NAT sandbox splits the subnet in two: the lower half is the clients' network (router first, then one
 * address per client host), the upper half the router's link to the server (router, then server).
 */
export function planNatSubnet(cidr: string, clientHosts: number): NatSubnetPlan {
  const { network, prefixLength } = parseLinkSubnet(cidr);
  const halfLength = prefixLength + 1;
  const halfSize = blockSize(halfLength);
  if (halfLength > 30 || clientHosts + 3 > halfSize) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} is too small for a NAT router and ${clientHosts} client hosts`,
      "use a larger subnet, e.g. 198.18.0.0/24",
    );
  }
  const upper = network + halfSize;
  return {
    prefixLength: halfLength,
    routerInside: dottedQuad(network + 1),
    clients: Array.from({ length: clientHosts }, (_, index) => dottedQuad(network + 2 + index)),
    routerOutside: dottedQuad(upper + 1),
    server: dottedQuad(upper + 2),
  };
}
