import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { PurpleFleaError } from "@purpleflea/protocol";
import { addressAllowed, type OutboundPolicy } from "./address-policy.ts";

/** Resolves a host name to every address it has, as getaddrinfo does. Tests inject their own. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** IPv4 first (`verbatim: false`), as most receivers still listen there; every address is checked anyway. */
export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: false });

/** Where one request goes: the URL, and the one checked address it will connect to. */
export interface Destination {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A refused destination: never connected to. */
export class DestinationRefused extends Error {}

/**
 * The host as an IP literal, if the URL spells one in any form: the WHATWG URL parser already turns
 * 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 into 127.0.0.1, and [::ffff:127.0.0.1] into [::ffff:7f00:1].
 */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : undefined;
}

const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost");

/**
 * Refuses, when a URL is registered, a host that is plainly not allowed (an IP literal in any
 * spelling, `localhost`). Names are not resolved here: that happens at every delivery.
 */
export function checkDestinationUrl(text: string, policy: OutboundPolicy, field = "url"): void {
  const url = new URL(text);
  const literal = literalAddress(url) ?? (isLocalhostName(url.hostname) ? "127.0.0.1" : undefined);
  if (literal === undefined || addressAllowed(literal, policy)) return;
  throw new PurpleFleaError(
    "destination_not_allowed",
    `${field} points at ${url.hostname}, a ${policy.allowPrivateNetworks ? "link-local, multicast or unspecified" : "loopback, private or link-local"} address the server does not call`,
    { field },
  );
}

/**
 * The address to connect to, resolved now (so a name that changed to a private address since it was
 * registered, DNS rebinding, is caught) and checked: every address the name has must be allowed, and
 * the connection then goes to the checked one, never to a second lookup's answer.
 */
export async function resolveDestination(text: string, policy: OutboundPolicy, resolve: Resolver): Promise<Destination> {
  const url = new URL(text);
  const literal = literalAddress(url);
  const addresses = literal ? [{ address: literal, family: isIP(literal) }] : await resolve(url.hostname);
  const first = addresses[0];
  if (!first) throw Object.assign(new Error(`${url.hostname} has no address`), { code: "ENOTFOUND" });
  const refused = addresses.find((a) => !addressAllowed(a.address, policy));
  if (refused) throw new DestinationRefused(`${url.hostname} resolves to ${refused.address}, which is not allowed`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
