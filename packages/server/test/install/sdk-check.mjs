// What a user writes against the installed SDK. The install test runs it with plain `node` and, as
// check.mts, compiles it with `tsc --strict` first (no @types, so no `process`: the URL is filled in).
import { PurpleFlea, verifyBet } from "@purpleflea/sdk";

const baseUrl = "__BASE_URL__";
const username = `installed-${Math.random().toString(36).slice(2, 10)}`;
const registered = await new PurpleFlea({ baseUrl }).auth.register({ username });
const pf = new PurpleFlea({ baseUrl, apiKey: registered.api_key });
const claim = await pf.faucet.claim();
const bet = await pf.casino.bet({ game: "coinflip", amount: "0.1", prediction: "heads" });
const { previous } = await pf.casino.rotateSeed({});
const verification = verifyBet(bet, previous.server_seed);
const balance = await pf.wallet.balance();
// JSON.stringify throws on a bigint, so this line is also the check that every result is plain JSON.
console.log(JSON.stringify({ claimed: claim.amount_str, bet: bet.bet_id, verification, balance: balance.balance_str }));
