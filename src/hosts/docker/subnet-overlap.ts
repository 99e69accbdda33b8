import type { PortlabError } from "../../core/errors.js";
import { blockSize, dottedQuad, networkOf, parseCidr } from "../../core/subnet.js";
import { dockerErrors } from "./docker-errors.js";
import type { MachinePrefix } from "./machine-prefixes.js";

interface Block {
  readonly start: number;
  readonly size: number;
}

function blockOf(cidr: string): Block | null {
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string" || parsed.prefixLength > 32) return null;
  return { start: networkOf(parsed), size: blockSize(parsed.prefixLength) };
}

function overlaps(a: Block, b: Block): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

/** The routes and addresses `subnet` overlaps; an address counts with its prefix (the network it is on). */
export function overlappingPrefixes(subnet: string, prefixes: readonly MachinePrefix[]): MachinePrefix[] {
  const wanted = blockOf(subnet);
  if (wanted === null) return [];
  return prefixes.filter((prefix) => {
    const block = blockOf(prefix.cidr);
    return block !== null && overlaps(wanted, block);
  });
}

/** Where a free subnet is looked for: the benchmarking range the default subnet is in, then 10.0.0.0/8. */
const SEARCHED = ["198.18.0.0/15", "10.0.0.0/8"];

/** The first subnet of this size in SEARCHED that overlaps none of `prefixes`; null when there is none. */
export function freeSubnet(prefixLength: number, prefixes: readonly MachinePrefix[]): string | null {
  const taken = prefixes.map((prefix) => blockOf(prefix.cidr)).filter((block) => block !== null);
  const size = blockSize(prefixLength);
  for (const range of SEARCHED) {
    const { start, size: rangeSize } = blockOf(range) as Block;
    for (let candidate = start; candidate + size <= start + rangeSize; candidate += size)
      if (!taken.some((block) => overlaps({ start: candidate, size }, block)))
        return `${dottedQuad(candidate)}/${prefixLength}`;
  }
  return null;
}

function describePrefix(prefix: MachinePrefix): string {
  if (prefix.kind === "address") return `address ${prefix.cidr} on ${prefix.device}`;
  return `route ${prefix.cidr} dev ${prefix.device}${prefix.table === null ? "" : ` (table ${prefix.table})`}`;
}

/**
 * The docker driver's network is a bridge in the machine's own network namespace: on a subnet the machine
 * already routes or has an address in, the machine answers for the run's hosts (ARP) or they stand for real
 * ones, and the run waits out readyTimeout. An error naming the overlap and a free subnet, or null.
 */
export function subnetClash(subnet: string, prefixes: readonly MachinePrefix[]): PortlabError | null {
  const clashes = overlappingPrefixes(subnet, prefixes);
  if (clashes.length === 0) return null;
  const shown = clashes.slice(0, 3).map(describePrefix).join(", ");
  const more = clashes.length > 3 ? ` and ${clashes.length - 3} more` : "";
  const prefixLength = Number(subnet.split("/")[1]);
  const free = freeSubnet(prefixLength, prefixes);
  return dockerErrors.environment(
    "DOCKER_SUBNET",
    `sandbox.subnet ${subnet} overlaps this machine's ${shown}${more}: the run's Docker bridge would share those addresses with the machine, and the run would wait out server.readyTimeout; nothing was created`,
    `choose another sandbox.subnet that no route or address of this machine overlaps${free === null ? "" : `, e.g. ${free}`}, or remove the route (see ip route show table all; ip -4 addr)`,
  );
}
