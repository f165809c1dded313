import { parseArgs } from "node:util";
import {
  formatAmount,
  GAME_NAMES,
  type GameName,
  PurpleFleaError,
  parseAmount,
  SERVER_SEED_RE,
  settleFairBet,
} from "@purpleflea/protocol";

const VERIFY_HELP = `purpleflea verify --server-seed HEX --client-seed S --nonce N --game G --prediction P [options]

Recomputes a casino bet from its seeds with the published algorithm; no server or network needed.
  --server-seed HEX        the revealed server seed (64 hex characters)
  --client-seed S          the client seed shown in the bet's proof
  --nonce N                the bet's nonce
  --game G                 ${GAME_NAMES.join(" | ")}
  --prediction P           e.g. heads, over_50, red, 2.5x
  --amount USDC            stake, to recompute the payout (default 0)
  --edge-bps N             house edge in basis points (default 50)
  --server-seed-hash HEX   the commitment you were shown before betting: exit 1 if it does not match
  --json                   print JSON instead of a table`;

export async function verify(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      "server-seed": { type: "string" },
      "client-seed": { type: "string" },
      nonce: { type: "string" },
      game: { type: "string" },
      prediction: { type: "string" },
      amount: { type: "string", default: "0" },
      "edge-bps": { type: "string", default: "50" },
      "server-seed-hash": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(VERIFY_HELP);
    return 0;
  }
  const serverSeed = values["server-seed"] ?? "";
  const game = values.game as GameName;
  const nonce = Number(values.nonce);
  const problems = [
    SERVER_SEED_RE.test(serverSeed) ? null : "--server-seed must be 64 lowercase hex characters",
    values["client-seed"] ? null : "--client-seed is required",
    Number.isSafeInteger(nonce) && nonce >= 0 ? null : "--nonce must be a whole number >= 0",
    GAME_NAMES.includes(game) ? null : `--game must be one of ${GAME_NAMES.join(", ")}`,
    values.prediction ? null : "--prediction is required",
  ].filter((p) => p !== null);
  if (problems.length > 0) {
    console.error(`${problems.join("\n")}\n\n${VERIFY_HELP}`);
    return 2;
  }
  try {
    const outcome = settleFairBet({
      serverSeed,
      clientSeed: values["client-seed"] ?? "",
      nonce,
      game,
      prediction: values.prediction ?? "",
      stakeMicro: parseAmount(values.amount, "--amount", { allowZero: true }),
      edgeBps: Number(values["edge-bps"]),
    });
    const expectedHash = values["server-seed-hash"];
    const commitmentOk = expectedHash === undefined ? null : expectedHash.toLowerCase() === outcome.serverSeedHash;
    const report = {
      server_seed_hash: outcome.serverSeedHash,
      commitment_matches: commitmentOk,
      float: outcome.float,
      result: outcome.result,
      outcome: outcome.outcome,
      multiplier: outcome.multiplier,
      payout: formatAmount(outcome.payoutMicro),
    };
    if (values.json) console.log(JSON.stringify(report));
    else for (const [key, value] of Object.entries(report)) console.log(`${key.padEnd(20)} ${value ?? "-"}`);
    return commitmentOk === false ? 1 : 0;
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    return 2;
  }
}
