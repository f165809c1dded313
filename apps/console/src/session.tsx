import { isOperatorKey } from "@purpleflea/protocol";
import { PurpleFlea } from "@purpleflea/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";

export type Role = "agent" | "operator";

export interface Session {
  key: string;
  role: Role;
  client: PurpleFlea;
  signOut(): void;
}

const STORAGE_KEY = "purpleflea.key";
const SessionContext = createContext<Session | null>(null);

/** The API client for a key, on the server that served this page. */
export function clientFor(key: string): PurpleFlea {
  return new PurpleFlea({ apiKey: key, baseUrl: window.location.origin, retry: { retries: 1 } });
}

/**
 * The key lives in this tab's sessionStorage only: closing the tab signs out, and no other site
 * or tab can read it.
 */
export function SessionProvider({
  children,
  signIn,
}: {
  children: ReactNode;
  signIn: (accept: (key: string) => void) => ReactNode;
}) {
  const [key, setKey] = useState(() => sessionStorage.getItem(STORAGE_KEY));
  const queries = useQueryClient();
  const session = useMemo<Session | null>(() => {
    if (!key) return null;
    return {
      key,
      role: isOperatorKey(key) ? "operator" : "agent",
      client: clientFor(key),
      signOut: () => {
        sessionStorage.removeItem(STORAGE_KEY);
        // Nothing the last key could see stays in memory for the next one.
        queries.clear();
        setKey(null);
      },
    };
  }, [key, queries]);
  if (!session) {
    return signIn((accepted) => {
      sessionStorage.setItem(STORAGE_KEY, accepted);
      setKey(accepted);
    });
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in console");
  return session;
}
