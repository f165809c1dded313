import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { SessionProvider } from "./session.tsx";
import { SignIn } from "./sign-in.tsx";
import "./styles.css";

const queries = new QueryClient({
  defaultOptions: {
    // The live stream says when data changed; no refetch on every focus.
    queries: { refetchOnWindowFocus: false, retry: 1, staleTime: 5_000 },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider signIn={(accept) => <SignIn accept={accept} />}>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
