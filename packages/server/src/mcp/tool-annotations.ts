import { type Operation, operationEffects } from "@purpleflea/protocol";

/** MCP's behaviour hints for a tool, from the operation's effects (one source, in the protocol). */
export function toolAnnotations(op: Operation) {
  const effects = operationEffects(op);
  return {
    title: toolTitle(op),
    readOnlyHint: effects.readOnly,
    destructiveHint: effects.destructive,
    idempotentHint: effects.idempotent,
    openWorldHint: effects.openWorld,
  };
}

/** A display name from the tool's name: `place_bet` is "Place bet", `operator_get_fees` "Operator: get fees". */
export function toolTitle(op: Operation): string {
  const name = op.tool ?? op.id;
  const [scope, words] = name.startsWith("operator_") ? ["Operator: ", name.slice("operator_".length)] : ["", name];
  const sentence = words.replaceAll("_", " ");
  return `${scope}${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
}
