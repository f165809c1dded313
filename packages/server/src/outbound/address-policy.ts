import ipaddr from "ipaddr.js";

/**
 * Where a call out of the server may go. Public unicast addresses always; the self-hoster's own
 * networks (loopback, RFC 1918, CGNAT, IPv6 unique-local) only with OUTBOUND_ALLOW_PRIVATE_NETWORKS;
 * link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254's neighbours), multicast,
 * unspecified, broadcast and reserved ranges never.
 */
export interface OutboundPolicy {
  allowPrivateNetworks: boolean;
}

const PRIVATE_RANGES = new Set(["loopback", "private", "carrierGradeNat", "uniqueLocal"]);

/** Whether an IP address (any form Node or the WHATWG URL parser prints) may be connected to. */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  const range = rangeOf(address);
  if (range === "unicast") return true;
  return policy.allowPrivateNetworks && PRIVATE_RANGES.has(range);
}

/** The address's special range, seeing through IPv4 written as IPv6 (::ffff:a.b.c.d, NAT64, 6to4). */
export function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return "invalid";
  const ip = ipaddr.parse(address);
  if (ip.kind() === "ipv4") return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  return embedded ? embedded.range() : v6.range();
}

function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address();
  const p = ip.parts;
  const bytes = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  // NAT64 (RFC 6052's well-known prefix 64:ff9b::/96) carries the IPv4 address in its last 32 bits.
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((part) => part === 0)) return bytes(p[6] ?? 0, p[7] ?? 0);
  // 6to4 (2002::/16) carries it in bits 16-47.
  if (p[0] === 0x2002) return bytes(p[1] ?? 0, p[2] ?? 0);
  // ::a.b.c.d, the deprecated IPv4-compatible form, still routes to IPv4 on some stacks.
  if (p.slice(0, 6).every((part) => part === 0) && (p[6] ?? 0) !== 0) return bytes(p[6] ?? 0, p[7] ?? 0);
  return undefined;
}
