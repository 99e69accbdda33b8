const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
export const minPrefix = 16;
export const maxPrefix = 29;

/** An IPv4 network in CIDR form, /16 to /29, with no host bits set; null when fine. */
export function checkSubnet(subnet: string): string | null {
  const match = cidrPattern.exec(subnet);
  const wanted = "must be an IPv4 subnet such as 198.18.0.0/24";
  if (!match) return `${wanted}, got ${JSON.stringify(subnet.slice(0, 40))}`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255))
    return `${wanted}: ${JSON.stringify(subnet)} has an octet over 255`;
  if (prefix < minPrefix || prefix > maxPrefix)
    return `prefix /${prefix} must be between /${minPrefix} and /${maxPrefix}, e.g. 198.18.0.0/24`;
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    const network = address - (address % size);
    const dotted = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
    return `${subnet} has host bits set; use ${dotted}/${prefix}`;
  }
  return null;
}
