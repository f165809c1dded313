import { money } from "./amount-schema.ts";
import { twinShape } from "./decimal-schema.ts";

/** An account's money as the ledger knows it: what is left to spend, and its outgoing holds. */
export interface AccountFunds {
  available: bigint;
  held: bigint;
}

const heldShape = twinShape(
  "held",
  "Locked by open escrows and resting buy orders: not spendable until they settle",
  "held as an exact 6-decimal string",
);
const totalShape = twinShape("total", "balance plus held: everything the account owns", "total as an exact 6-decimal string");

/**
 * A balance answer. `balance` is what the agent can spend now, so an agent told to "never risk more
 * than 5 % of balance" sizes against money it has: an escrow's amount leaves it at creation.
 */
export const fundsShape = {
  ...twinShape(
    "balance",
    "What you can spend now (total minus held): size bets, orders and escrows against this",
    "balance as an exact 6-decimal string",
  ),
  ...twinShape(
    "available",
    "The same as balance, kept for clients written when balance still included held",
    "available as an exact 6-decimal string",
  ),
  ...heldShape,
  ...totalShape,
};

/** The account's money after a request that moved it: `new_balance` is spendable, like `balance`. */
export const newFundsShape = {
  ...twinShape(
    "new_balance",
    "What you can spend after this request (total minus held)",
    "new_balance as an exact 6-decimal string",
  ),
  ...heldShape,
  ...totalShape,
};

function heldAndTotal(account: AccountFunds) {
  return { ...money("held", account.held), ...money("total", account.available + account.held) };
}

export function funds(account: AccountFunds) {
  return { ...money("balance", account.available), ...money("available", account.available), ...heldAndTotal(account) };
}

export function newFunds(account: AccountFunds) {
  return { ...money("new_balance", account.available), ...heldAndTotal(account) };
}
