import type { Operation } from "./operation.ts";

/**
 * What calling an operation does to the world, the four facts MCP tool annotations carry. Derived
 * from the operation's definition, so a new operation gets them without a second list to keep.
 */
export interface OperationEffects {
  /** Changes nothing: a GET, or a POST that only computes (bet verification). */
  readOnly: boolean;
  /** May take something away or overwrite it (spends money, deletes, replaces a key or policy), not only add. */
  destructive: boolean;
  /** Calling it again with the same input changes nothing more. */
  idempotent: boolean;
  /** Reaches beyond this platform's own ledger and records (outbound webhook calls). */
  openWorld: boolean;
}

/** The facts an operation states where its method and `moves` give the wrong default. */
export type OperationEffectOverrides = Partial<Record<keyof OperationEffects, boolean>>;

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
