import { blockSize, dottedQuad, networkOf, parseCidr } from "../core/subnet.js";

export const minPrefix = 16;
export const maxPrefix = 29;

/** An IPv4 network in CIDR form, /16 to /29, with no host bits set; null when fine. */
export function checkSubnet(subnet: string): string | null {
  const parsed = parseCidr(subnet);
  const wanted = "must be an IPv4 subnet such as 198.18.0.0/24";
  if (parsed === "malformed") return `${wanted}, got ${JSON.stringify(subnet.slice(0, 40))}`;
  if (parsed === "octet over 255") return `${wanted}: ${JSON.stringify(subnet)} has an octet over 255`;
  const { prefixLength } = parsed;
  if (prefixLength < minPrefix || prefixLength > maxPrefix)
    return `prefix /${prefixLength} must be between /${minPrefix} and /${maxPrefix}, e.g. 198.18.0.0/24`;
  if (parsed.address % blockSize(prefixLength) !== 0)
    return `${subnet} has host bits set; use ${dottedQuad(networkOf(parsed))}/${prefixLength}`;
  return null;
}
