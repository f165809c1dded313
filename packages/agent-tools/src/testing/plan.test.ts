import { describe, expect, it } from "vitest";
import { type ChatRequest, Conversation } from "./conversation.ts";
import { call, finish, plan, say } from "./plan.ts";

const tools = (...names: string[]) => names.map((name) => ({ type: "function" as const, function: { name } }));
const toolCall = (id: string, name: string, args = {}) => ({
  role: "assistant" as const,
  content: null,
  tool_calls: [{ id, type: "function" as const, function: { name, arguments: JSON.stringify(args) } }],
});

function request(messages: ChatRequest["messages"], offered = tools("purpleflea_get_ticker")): ChatRequest {
  return { model: "analyst", messages, tools: offered };
}

describe("scripted roles", () => {
  const role = plan(call("purpleflea_get_ticker", { symbol: "BTC" }), (c) =>
    say(`mid ${c.result<{ mid: number }>("purpleflea_get_ticker").mid}`),
  );

  it("take one step per tool round of their own turn, reading the answers so far", () => {
    const task = { role: "user" as const, content: "go" };
    expect(role(new Conversation(request([task])))).toEqual(call("purpleflea_get_ticker", { symbol: "BTC" }));
    const answered = [
      task,
      toolCall("c1", "purpleflea_get_ticker"),
      { role: "tool" as const, tool_call_id: "c1", content: '{"mid":5}' },
    ];
    expect(role(new Conversation(request(answered)))).toEqual(say("mid 5"));
    // Another agent's words (a user message in AutoGen) start a new turn for this role.
    const later = [...answered, { role: "assistant" as const, content: "mid 5" }, { role: "user" as const, content: "again" }];
    expect(role(new Conversation(request(later)))).toEqual(call("purpleflea_get_ticker", { symbol: "BTC" }));
  });

  it("start their turn after the handoff that passed them the conversation, and hand off when offered", () => {
    const messages = [
      { role: "user" as const, content: "go" },
      toolCall("c1", "purpleflea_get_ticker"),
      { role: "tool" as const, tool_call_id: "c1", content: '{"mid":5}' },
      toolCall("c2", "transfer_to_analyst"),
      { role: "tool" as const, tool_call_id: "c2", content: '{"assistant":"analyst"}' },
    ];
    const conversation = new Conversation(request(messages, tools("purpleflea_get_ticker", "transfer_to_risk_manager")));
    expect([conversation.rounds, conversation.task]).toEqual([0, "go"]);
    expect(plan(finish("done"))(conversation)).toEqual(call("transfer_to_risk_manager"));
    expect(plan(finish("done"))(new Conversation({ ...request(messages), tool_choice: "none" }))).toEqual(say("done"));
  });
});
