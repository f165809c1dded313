import { describe, expect, it } from "vitest";
import { addressAllowed } from "./address-policy.ts";
import { checkDestinationUrl, type Resolver } from "./destination.ts";
import { type Connector, guardedPost } from "./guarded-post.ts";

const closed = { allowPrivateNetworks: false };
const open = { allowPrivateNetworks: true };

/** Loopback, private, link-local, multicast and unspecified, each in the spellings a URL parser accepts. */
const refusedUrls = [
  "http://127.0.0.1/",
  "http://localhost:8080/",
  "http://api.localhost/",
  "http://0.0.0.0/",
  "http://0/",
  "http://2130706433/",
  "http://0x7f000001/",
  "http://0x7f.1/",
  "http://0177.0.0.1/",
  "http://017700000001/",
  "http://127.1/",
  "http://127.0.0.1./",
  "http://[::1]/",
  "http://[::]/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://[0:0:0:0:0:ffff:a00:1]/",
  "http://[64:ff9b::a9fe:a9fe]/",
  "http://[2002:a9fe:a9fe::]/",
  "http://[::10.0.0.1]/",
  "http://10.0.0.1/",
  "http://172.16.5.4/",
  "http://192.168.1.1/",
  "http://100.64.0.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://2852039166/",
  "http://[fd00:ec2::254]/",
  "http://[fe80::1]/",
  "http://224.0.0.1/",
  "http://[ff02::1]/",
  "http://255.255.255.255/",
  "https://240.0.0.1/",
];

describe("outbound URLs", () => {
  it.each(refusedUrls)("refuses %s when registered, without resolving or connecting", (url) => {
    expect(() => checkDestinationUrl(url, closed)).toThrow(expect.objectContaining({ code: "destination_not_allowed" }));
  });

  it("lets public addresses and names through registration (names are checked at every send)", () => {
    for (const url of ["https://93.184.216.34/hook", "https://hooks.example.com/x", "http://[2606:4700::1111]/"]) {
      expect(() => checkDestinationUrl(url, closed)).not.toThrow();
    }
  });

  it("OUTBOUND_ALLOW_PRIVATE_NETWORKS opens loopback and private ranges, never link-local, multicast or unspecified", () => {
    for (const address of ["127.0.0.1", "::1", "10.1.2.3", "192.168.0.9", "100.64.1.1", "fd12::1", "::ffff:127.0.0.1"]) {
      expect([address, addressAllowed(address, open), addressAllowed(address, closed)]).toEqual([address, true, false]);
    }
    for (const address of ["169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.251", "ff02::1", "255.255.255.255"]) {
      expect([address, addressAllowed(address, open)]).toEqual([address, false]);
    }
  });
});

/** A resolver and connector that record what they were asked; nothing here touches the network. */
function fakes(answers: string[][]) {
  const lookups: string[] = [];
  const connects: string[] = [];
  const resolve: Resolver = async (hostname) => {
    lookups.push(hostname);
    return (answers[lookups.length - 1] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  const connect: Connector = async (destination) => {
    connects.push(destination.address);
    return 204;
  };
  return { lookups, connects, deps: { resolve, connect } };
}

const request = { headers: {}, body: "{}", timeoutMs: 1_000, signal: new AbortController().signal };

describe("sending: the resolved address is checked at send time", () => {
  it("DNS rebinding: a name that was public when registered and resolves to loopback now is never connected", async () => {
    const { lookups, connects, deps } = fakes([["93.184.216.34"], ["127.0.0.1"], ["93.184.216.34", "169.254.169.254"]]);
    const url = "https://rebind.example.com/hook";
    expect(await guardedPost(url, request, closed, deps)).toEqual({ statusCode: 204, error: null });
    expect(await guardedPost(url, request, closed, deps)).toEqual({ statusCode: null, error: "blocked" });
    expect(await guardedPost(url, request, closed, deps)).toEqual({ statusCode: null, error: "blocked" });
    expect([lookups.length, connects]).toEqual([3, ["93.184.216.34"]]);
  });

  it("connects to the checked address itself, and to private ones only when the setting is on", async () => {
    const off = fakes([["10.0.0.5"]]);
    expect((await guardedPost("http://internal.corp/x", request, closed, off.deps)).error).toBe("blocked");
    expect(off.connects).toEqual([]);
    const on = fakes([["10.0.0.5"]]);
    expect(await guardedPost("http://internal.corp/x", request, open, on.deps)).toEqual({ statusCode: 204, error: null });
    expect(on.connects).toEqual(["10.0.0.5"]);
  });

  it("IP literals skip the resolver and are checked as written", async () => {
    const { lookups, connects, deps } = fakes([]);
    expect((await guardedPost("http://2130706433:9/", request, closed, deps)).error).toBe("blocked");
    expect((await guardedPost("http://[::ffff:a9fe:a9fe]/", request, open, deps)).error).toBe("blocked");
    expect([lookups, connects]).toEqual([[], []]);
  });

  it("reports categories, not error text: status, timeout, refused, dns_failed, tls_failed", async () => {
    const failing =
      (error: unknown): Connector =>
      async () => {
        throw error;
      };
    const resolve: Resolver = async () => [{ address: "93.184.216.34", family: 4 }];
    const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
    const cases: Array<[Connector, string]> = [
      [async () => 302, "status 302"],
      [async () => 500, "status 500"],
      [failing(errno("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.7:5432")), "refused"],
      [failing(errno("ENOTFOUND", "getaddrinfo ENOTFOUND db.internal")), "dns_failed"],
      [failing(errno("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames")), "tls_failed"],
      [failing(errno("EWHATEVER", "secret detail")), "failed"],
      [() => new Promise(() => undefined), "timeout"],
    ];
    for (const [connect, category] of cases) {
      const result = await guardedPost("https://a.example.com/", { ...request, timeoutMs: 50 }, closed, { resolve, connect });
      expect(result.error).toBe(category);
    }
  });
});
