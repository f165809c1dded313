import type { PurpleFlea } from "@purpleflea/sdk";
import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "./session.tsx";

/** A read through the SDK, cached under `key` (its first element names the resource). */
export function useApi<T>(key: QueryKey, read: (client: PurpleFlea) => Promise<T>, enabled = true) {
  const { client } = useSession();
  return useQuery({ queryKey: key, queryFn: () => read(client), enabled });
}

/** A write through the SDK; on success everything on screen refetches (a write can change any figure). */
export function useAction<I, T>(write: (client: PurpleFlea, input: I) => Promise<T>) {
  const { client } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => write(client, input),
    onSettled: () => queries.invalidateQueries(),
  });
}
