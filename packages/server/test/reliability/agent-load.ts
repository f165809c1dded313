/** What one agent of the reliability suite does, over plain HTTP against whichever nodes are up. */

export interface Agent {
  index: number;
  id: string;
  key: string;
}

export interface Ack {
  kind: "transfer" | "bet" | "order" | "escrow" | "release";
  /** The id the server answered with, looked up in the database afterwards. */
  id: string;
}

export interface OperationLog {
  attempted: number;
  /** 503 answers seen (database_unavailable while PostgreSQL was down). */
  unavailable: number;
  /** Other 5xx answers: there should be none. */
  serverErrors: number;
  acks: Ack[];
}

/** Tries per operation; each retry keeps the Idempotency-Key, so it can never apply twice. */
const MAX_TRIES = 60;
const RETRY_MS = 100;

type Reply = { status: number; body: Record<string, unknown> } | null;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, path: string, key: string, body: unknown, idempotencyKey?: string): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  try {
    const response = await fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  } catch {
    return null; // the node is down or the connection broke: the outcome is unknown, so retry
  }
}

/**
 * Sends one operation until it gets a definite answer (2xx or 4xx), through random live nodes,
 * with one Idempotency-Key for every try. Returns the 2xx body, or null when refused or given up.
 */
async function send(urls: () => string[], log: OperationLog, path: string, key: string, body: unknown, opKey: string) {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const live = urls();
    const reply = live.length > 0 ? await post(pick(live), path, key, body, opKey) : null;
    if (reply && reply.status < 300) return reply.body;
    if (reply && reply.status >= 400 && reply.status < 500 && reply.status !== 429) return null;
    if (reply?.status === 503) log.unavailable++;
    else if (reply && reply.status >= 500) log.serverErrors++;
    await sleep(RETRY_MS);
  }
  return null;
}

/** Registers (and funds) an agent before the faults begin: registration takes no Idempotency-Key. */
export async function setupAgent(index: number, url: string): Promise<Agent> {
  const registered = await post(url, "/api/v1/auth/register", "", { username: `reliability-${index}` });
  if (registered?.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registered)}`);
  const key = String(registered.body.api_key);
  const claim = await post(url, "/api/v1/faucet/claim", key, {});
  if (claim?.status !== 200) throw new Error(`faucet failed: ${JSON.stringify(claim)}`);
  return { index, id: String(registered.body.agent_id), key };
}

/** Random money operations until the deadline; every acknowledged one is logged with its id. */
export async function runAgent(agent: Agent, peers: readonly Agent[], urls: () => string[], deadline: number, log: OperationLog) {
  for (let n = 0; Date.now() < deadline; n++) {
    const opKey = `op-${agent.index}-${n}`;
    log.attempted++;
    const peer = pick(peers.filter((p) => p.id !== agent.id));
    const roll = Math.random();
    if (roll < 0.3) {
      const body = await send(
        urls,
        log,
        "/api/v1/wallet/transfer",
        agent.key,
        { to: peer.id, amount: "0.01", memo: opKey },
        opKey,
      );
      if (body) log.acks.push({ kind: "transfer", id: String(body.transfer_id) });
    } else if (roll < 0.6) {
      const bet = { game: "dice", amount: "0.01", prediction: "over_50", client_seed: opKey };
      const body = await send(urls, log, "/api/v1/casino/bet", agent.key, bet, opKey);
      if (body) log.acks.push({ kind: "bet", id: String(body.bet_id) });
    } else if (roll < 0.85) {
      const order = { symbol: "BTC", side: "buy", notional: "20", client_order_id: opKey };
      const body = await send(urls, log, "/api/v1/trade/order", agent.key, order, opKey);
      if (body) log.acks.push({ kind: "order", id: String(body.order_id) });
    } else {
      await escrowRound(agent, peer, urls, log, opKey);
    }
  }
}

async function escrowRound(agent: Agent, peer: Agent, urls: () => string[], log: OperationLog, opKey: string) {
  const create = { counterparty: peer.id, amount: "0.05", condition: opKey };
  const created = await send(urls, log, "/api/v1/escrow/create", agent.key, create, opKey);
  if (!created) return;
  const escrowId = String(created.escrow_id);
  log.acks.push({ kind: "escrow", id: escrowId });
  const released = await send(urls, log, "/api/v1/escrow/release", agent.key, { escrow_id: escrowId }, `${opKey}-release`);
  if (released) log.acks.push({ kind: "release", id: escrowId });
}
