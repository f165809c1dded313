import type { Operation, OperationEffects } from "./operation.ts";

/**
 * Defaults: a GET reads, idempotently; a DELETE destroys, idempotently; a money move is destructive
 * and, without the same Idempotency-Key, runs again; any other POST adds. `op.effects` corrects them.
 */
export function operationEffects(op: Operation): OperationEffects {
  const readOnly = op.effects?.readOnly ?? op.method === "GET";
  const defaults: OperationEffects = {
    readOnly,
    destructive: !readOnly && (op.method === "DELETE" || op.moves),
    idempotent: readOnly || op.method === "DELETE",
    openWorld: false,
  };
  return { ...defaults, ...op.effects };
}
