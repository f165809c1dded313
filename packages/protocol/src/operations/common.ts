import type { Operation } from "../operation.ts";

/** Defaults shared by most operations; each definition spreads one of these. */
export const read = { auth: true, scope: "read", moves: false, status: 200, method: "GET" } as const satisfies Partial<Operation>;
export const move = { auth: true, moves: true, status: 200, method: "POST" } as const satisfies Partial<Operation>;
