import { invalidInput } from "../errors.js";

export interface SubnetPlan {
  readonly prefixLength: number;
  readonly server: string;
  readonly clients: readonly string[];
}

function toInt(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Server takes the first host address of the subnet, the client host the next `clientCount`. */
export function planSubnet(cidr: string, clientCount: number): SubnetPlan {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const prefixLength = Number(match?.[2]);
  if (!match?.[1] || match[1].split(".").some((octet) => Number(octet) > 255) || prefixLength > 30) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} is not an IPv4 CIDR`,
      "use e.g. 198.18.0.0/24",
    );
  }
  const size = 2 ** (32 - prefixLength);
  const network = toInt(match[1]) - (toInt(match[1]) % size);
  if (clientCount + 3 > size) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} has room for ${size - 3} client addresses, ${clientCount} asked`,
      "use a larger subnet, e.g. 198.18.0.0/24",
    );
  }
  return {
    prefixLength,
    server: toAddress(network + 1),
    clients: Array.from({ length: clientCount }, (_, index) => toAddress(network + 2 + index)),
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
  const whole = planSubnet(cidr, 1);
  const halfLength = whole.prefixLength + 1;
  const halfSize = 2 ** (32 - halfLength);
  if (halfLength > 30 || clientHosts + 3 > halfSize) {
    throw invalidInput(
      "INVALID_SUBNET",
      `sandbox.subnet: ${cidr} is too small for a NAT router and ${clientHosts} client hosts`,
      "use a larger subnet, e.g. 198.18.0.0/24",
    );
  }
  const network = toInt(whole.server) - 1;
  const upper = network + halfSize;
  return {
    prefixLength: halfLength,
    routerInside: toAddress(network + 1),
    clients: Array.from({ length: clientHosts }, (_, index) => toAddress(network + 2 + index)),
    routerOutside: toAddress(upper + 1),
    server: toAddress(upper + 2),
  };
}
