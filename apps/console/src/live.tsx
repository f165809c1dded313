import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useSession } from "./session.tsx";

type LiveState = "connecting" | "live" | "offline";

interface Live {
  state: LiveState;
  /** How many events arrived since sign-in: pages show it to prove they are live. */
  received: number;
}

const LiveContext = createContext<Live>({ state: "connecting", received: 0 });

/** Queries whose data no event can change (rules, instruments); everything else refetches on an event. */
const STATIC = new Set(["games", "instruments"]);
/** Events arriving together (a burst of bets) refetch once. */
const COALESCE_MS = 300;

/**
 * One live event stream per signed-in tab (an agent's own events, or everyone's for the operator).
 * Each event refetches what is on screen; after a reconnect everything is refetched, since events
 * may have been missed while away.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const [live, setLive] = useState<Live>({ state: "connecting", received: 0 });
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let opened = 0;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queries.invalidateQueries({ predicate: (query) => !STATIC.has(String(query.queryKey[0])) });
      }, COALESCE_MS);
    };
    const onOpen = () => {
      if (opened++ > 0) refresh();
      setLive((current) => ({ ...current, state: "live" }));
    };
    (async () => {
      try {
        for await (const _ of client.events.stream({}, { signal: stop.signal, onOpen })) {
          setLive((current) => ({ state: "live", received: current.received + 1 }));
          refresh();
        }
      } catch {
        if (!stop.signal.aborted) setLive((current) => ({ ...current, state: "offline" }));
      }
    })();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [client, queries]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

export function LiveIndicator() {
  const { state } = useLive();
  const label = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Offline: refresh to retry";
  return (
    <span className={`live ${state}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}
