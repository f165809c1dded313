import { type Operation, operations } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { selectTools, TOOL_NAMES } from "./catalog.ts";

const registry = Object.values(operations) as Operation[];

describe("the tool catalog is generated from the protocol's operations", () => {
  it("keeps the seed's names and names every other tool after its MCP tool", () => {
    expect(TOOL_NAMES).toEqual(
      expect.arrayContaining(["purpleflea_get_balance", "purpleflea_bet", "purpleflea_trade", "purpleflea_escrow"]),
    );
    const grouped = new Set(["escrow.create", "escrow.release", "escrow.dispute"]);
    const renamed = new Set(["wallet.balance", "casino.bet", "trade.order"]);
    const agentOps = registry.filter((o) => o.tool && o.principal !== "operator" && !o.stream);
    for (const op of agentOps.filter((o) => !grouped.has(o.id) && !renamed.has(o.id))) {
      expect(TOOL_NAMES, op.id).toContain(`purpleflea_${op.tool}`);
    }
    // Operator routes refuse an agent's key: none becomes an agent's tool.
    expect(TOOL_NAMES.filter((name) => name.startsWith("purpleflea_operator_"))).toEqual([]);
    expect(new Set(TOOL_NAMES).size).toBe(TOOL_NAMES.length);
    expect(TOOL_NAMES).not.toContain("purpleflea_register");
  });

  it("gives an agent no key administration and no say over held requests unless asked by name", () => {
    const defaults = selectTools().map((t) => t.name);
    for (const name of [
      "purpleflea_create_api_key",
      "purpleflea_set_policy",
      "purpleflea_create_webhook",
      "purpleflea_approve_request",
    ]) {
      expect(defaults).not.toContain(name);
      expect(selectTools([name]).map((t) => t.name)).toEqual([name]);
    }
    expect(defaults).toContain("purpleflea_approve_proposal");
    expect(() => selectTools(["purpleflea_trade", "purpleflea_nope"])).toThrow(/unknown Purple Flea tools: purpleflea_nope/);
  });

  it("takes what a model writes: amounts as numbers or strings, one flat object a function-calling API accepts", () => {
    for (const tool of selectTools(TOOL_NAMES)) {
      const schema = z.toJSONSchema(tool.input, { io: "input" }) as { type: string; anyOf?: unknown };
      expect([tool.name, schema.type, schema.anyOf]).toEqual([tool.name, "object", undefined]);
      expect(tool.description.length, tool.name).toBeGreaterThan(20);
    }
    const [trade] = selectTools(["purpleflea_trade"]);
    expect(trade?.input.safeParse({ symbol: "BTC", side: "buy", amount: "0.01" }).data).toMatchObject({ amount: "0.01" });
    expect(trade?.input.safeParse({ symbol: "BTC", side: "hold" }).success).toBe(false);
    expect(Object.keys(trade?.input.shape ?? {})).toContain("idempotency_key");
    const [verify] = selectTools(["purpleflea_verify_bet"]);
    expect(verify?.input.safeParse({ bet_id: "bet_1" }).success).toBe(true);
  });

  it("routes the seed's purpleflea_escrow by action, each with only its own fields", () => {
    const [escrow] = selectTools(["purpleflea_escrow"]);
    const create = escrow?.route({ action: "create", counterparty: "bob", amount: 1, condition: "report", escrow_id: "x" });
    expect([create?.op.id, create?.input]).toEqual(["escrow.create", { counterparty: "bob", amount: 1, condition: "report" }]);
    const release = escrow?.route({ action: "release", escrow_id: "esc_1", amount: 1 });
    expect([release?.op.id, release?.input]).toEqual(["escrow.release", { escrow_id: "esc_1" }]);
    expect(escrow?.description).toMatch(/action create \(counterparty, amount, condition\)/);
  });

  it("tells a proposer which operations it may propose and what their request is", () => {
    const [propose] = selectTools(["purpleflea_create_proposal"]);
    expect(propose?.description).toContain("trade.order (request: the arguments of purpleflea_trade)");
    expect(propose?.description).toContain("escrow.release (request: the arguments of purpleflea_escrow with action release)");
  });
});
