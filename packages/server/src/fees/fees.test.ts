import { getBalance, ledgerMigrations, openAccount, type SqlTx, shardedBalance, transfer } from "@purpleflea/ledger";
import { openTestStore } from "@purpleflea/ledger/testing";
import { describe, expect, it } from "vitest";
import { serverMigrations } from "../migrations.ts";
import { referralMigrations } from "../referrals/migrations.ts";
import { openSystemAccounts, systemAccounts, userAccountId } from "../system-accounts.ts";
import { collectFee } from "./fees.ts";

async function agent(tx: SqlTx, id: string, referredBy: string | null, fundsMicro: bigint): Promise<string> {
  await tx.run("INSERT INTO agents (id, username, referral_code, referred_by, created_at) VALUES (?, ?, ?, ?, 0)", [
    id,
    id,
    `C${id}`,
    referredBy,
  ]);
  const account = userAccountId(id, "USDC");
  await openAccount(tx, { id: account, asset: "USDC", owner: id, noOverdraft: true });
  if (fundsMicro > 0n) {
    await transfer(tx, {
      id: `fund:${id}`,
      kind: "test",
      debitAccountId: systemAccounts.equity,
      creditAccountId: account,
      amount: fundsMicro,
    });
  }
  return account;
}

async function setup() {
  const store = await openTestStore([...ledgerMigrations, ...serverMigrations, ...referralMigrations]);
  await store.write((tx) => openSystemAccounts(tx, 0n));
  return store;
}

describe("collectFee", () => {
  it("splits a 1.00 fee: 0.15 to the payer's referrer, 0.85 stays with the platform, once per id", async () => {
    const store = await setup();
    await store.write(async (tx) => {
      await agent(tx, "ref", null, 0n);
      const payer = await agent(tx, "payer", "ref", 5_000_000n);
      const charge = {
        id: "esc_1",
        service: "escrow" as const,
        asset: "USDC" as const,
        payerAgentId: "payer",
        fromAccountId: payer,
        feeMicro: 1_000_000n,
        referralShareBps: 1_500,
      };
      await collectFee(tx, charge);
      await collectFee(tx, charge);
    });
    await store.read(async (tx) => {
      expect((await getBalance(tx, userAccountId("payer", "USDC"))).balance).toBe(4_000_000n);
      expect((await getBalance(tx, userAccountId("ref", "USDC"))).balance).toBe(150_000n);
      expect((await shardedBalance(tx, systemAccounts.fees)).balance).toBe(850_000n);
      expect(await tx.all("SELECT * FROM referral_earnings")).toHaveLength(1);
    });
    await store.close();
  });

  it("pays no share without a referrer, rounds the share down, and skips zero fees", async () => {
    const store = await setup();
    await store.write(async (tx) => {
      await agent(tx, "ref", null, 0n);
      const loner = await agent(tx, "loner", null, 1_000n);
      const referred = await agent(tx, "referred", "ref", 1_000n);
      const base = { service: "trading" as const, asset: "USDC" as const, feeMicro: 7n, referralShareBps: 1_500 };
      await collectFee(tx, { ...base, id: "a", payerAgentId: "loner", fromAccountId: loner });
      await collectFee(tx, { ...base, id: "b", payerAgentId: "referred", fromAccountId: referred });
      await collectFee(tx, { ...base, id: "c", feeMicro: 0n, payerAgentId: "referred", fromAccountId: referred });
    });
    await store.read(async (tx) => {
      // 7 micro at 15 % is 1.05: the referrer gets 1, from the referred agent's fee only.
      expect((await getBalance(tx, userAccountId("ref", "USDC"))).balance).toBe(1n);
      expect((await getBalance(tx, userAccountId("loner", "USDC"))).balance).toBe(993n);
      expect((await getBalance(tx, userAccountId("referred", "USDC"))).balance).toBe(993n);
      expect((await shardedBalance(tx, systemAccounts.fees)).balance).toBe(13n);
      expect(await tx.all("SELECT id FROM referral_earnings")).toEqual([{ id: "b" }]);
    });
    await store.close();
  });
});
