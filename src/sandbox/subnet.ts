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
