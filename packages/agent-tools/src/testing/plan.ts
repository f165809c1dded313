import type { Conversation } from "./conversation.ts";

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** One model answer: words, or tool calls. */
export type Turn = { text: string } | { calls: ToolCall[] };

/** A scripted role: reads the conversation (the server's answers so far) and decides the next turn. */
export type Role = (conversation: Conversation) => Turn;

/** One step of a plan; a function reads the answers of the steps before it. */
export type Step = Turn | ((conversation: Conversation) => Turn);

export const call = (name: string, args: Record<string, unknown> = {}): Turn => ({ calls: [{ name, arguments: args }] });
export const say = (text: string): Turn => ({ text });

/**
 * The last step of a role that passes the conversation on: where the framework offers a handoff
 * (OpenAI Agents), it calls it; elsewhere (AutoGen, a pipeline) it says `text`, which the team reads.
 */
export function finish(text: string | ((conversation: Conversation) => string)): Step {
  return (conversation) => passOn(conversation, typeof text === "string" ? text : text(conversation));
}

/** `finish` as a turn, for a step that decides first whether to pass the conversation on at all. */
export function passOn(conversation: Conversation, text: string): Turn {
  const handoff = conversation.handoff();
  return handoff && !conversation.wantsText ? call(handoff) : say(text);
}

/**
 * A role that takes its steps in order, one per model call of its turn: after k tool rounds it
 * plays step k. When the framework wants words (AutoGen's reflection) it skips to the last step,
 * and once the steps are used up it repeats the last one, so a framework that calls again ends.
 */
export function plan(...steps: Step[]): Role {
  if (steps.length === 0) throw new Error("a plan needs at least one step");
  return (conversation) => {
    const last = steps.length - 1;
    const index = conversation.wantsText ? last : Math.min(conversation.rounds, last);
    const step = steps[index] as Step;
    return typeof step === "function" ? step(conversation) : step;
  };
}
