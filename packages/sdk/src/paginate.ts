import type { Operation, OperationInput, OperationOutput } from "@purpleflea/protocol";
import type { PurpleFleaClient } from "./client.ts";

type ItemOf<T> = { [K in keyof T]: T[K] extends readonly (infer I)[] ? I : never }[keyof T];

/** Walks every page of a list operation (one with a `cursor` query), yielding its items in order. */
export async function* paginate<O extends Operation>(
  client: PurpleFleaClient,
  op: O,
  input: OperationInput<O> = {} as OperationInput<O>,
): AsyncGenerator<ItemOf<OperationOutput<O>>> {
  let cursor: string | null | undefined;
  do {
    const query = { ...(input as Record<string, unknown>), ...(cursor ? { cursor } : {}) };
    const page = (await client.call(op, query as OperationInput<O>)) as Record<string, unknown>;
    const items = Object.values(page).find(Array.isArray) ?? [];
    for (const item of items) yield item as ItemOf<OperationOutput<O>>;
    cursor = typeof page.next_cursor === "string" ? page.next_cursor : null;
  } while (cursor);
}
