import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A JSON-RPC relay between a server under test and anvil, so a test can stop time at the one
 * moment that matters: when `holdSends` is set, `eth_sendRawTransaction` gets no answer (the
 * server waits), and is passed on to the chain or dropped as the test says. Everything else
 * goes through as it is.
 */
export interface RpcProxy {
  url: string;
  /** Hold the next broadcasts: "forward" passes them to the chain unanswered, "drop" loses them. */
  holdSends: "forward" | "drop" | null;
  /** Resolves with the raw transaction of the first broadcast held. */
  sendHeld: Promise<string>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startRpcProxy(upstream: string): Promise<RpcProxy> {
  let onHeld: (raw: string) => void = () => {};
  const proxy: RpcProxy = {
    url: "",
    holdSends: null,
    sendHeld: new Promise<string>((resolve) => {
      onHeld = resolve;
    }),
    close: async () => {},
  };
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const call = JSON.parse(body) as { method?: string; params?: string[] };
    const forward = () => fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body });
    if (call.method === "eth_sendRawTransaction" && proxy.holdSends !== null) {
      if (proxy.holdSends === "forward") await forward();
      onHeld(call.params?.[0] ?? "");
      return; // never answered: the server is killed while it waits
    }
    const answer = await forward();
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
