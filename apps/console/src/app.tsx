import { useQuery } from "@tanstack/react-query";
import type { ComponentType } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { LiveIndicator, LiveProvider } from "./live.tsx";
import { ApprovalsPage } from "./pages/approvals.tsx";
import { CasinoPage } from "./pages/casino.tsx";
import { EscrowPage } from "./pages/escrow.tsx";
import { KeysPage } from "./pages/keys.tsx";
import { LedgerPage } from "./pages/ledger.tsx";
import { AgentsPage } from "./pages/operator/agents.tsx";
import { AuditPage } from "./pages/operator/audit.tsx";
import { FeesPage } from "./pages/operator/fees.tsx";
import { FundingPage } from "./pages/operator/funding.tsx";
import { HealthPage } from "./pages/operator/health.tsx";
import { HousePage } from "./pages/operator/house.tsx";
import { OverviewPage } from "./pages/overview.tsx";
import { ProposalsPage } from "./pages/proposals.tsx";
import { ReferralsPage } from "./pages/referrals.tsx";
import { TradingPage } from "./pages/trading.tsx";
import { WebhooksPage } from "./pages/webhooks.tsx";
import { AGENT_PAGES, OPERATOR_PAGES, type PageRoute } from "./routes.ts";
import { useSession } from "./session.tsx";

/** Each route's page; a route without one is a bug the type checker catches. */
const COMPONENTS: Record<string, ComponentType> = {
  "/": OverviewPage,
  "/ledger": LedgerPage,
  "/casino": CasinoPage,
  "/trading": TradingPage,
  "/escrow": EscrowPage,
  "/approvals": ApprovalsPage,
  "/proposals": ProposalsPage,
  "/keys": KeysPage,
  "/webhooks": WebhooksPage,
  "/referrals": ReferralsPage,
  "/operator": AgentsPage,
  "/operator/funding": FundingPage,
  "/operator/house": HousePage,
  "/operator/fees": FeesPage,
  "/operator/audit": AuditPage,
  "/operator/health": HealthPage,
};

/** The inbox's live count, shown beside its link. */
function PendingCount() {
  const { client } = useSession();
  const pending = useQuery({
    queryKey: ["approvals", "pending-count"],
    queryFn: () => client.approvals.list({ status: "pending", limit: 200 }),
  });
  const count = pending.data?.approvals.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="count" title={`${count} pending`}>
      {count >= 200 ? "200+" : count}
      <span className="visually-hidden"> pending</span>
    </span>
  );
}

function Nav({ pages }: { pages: readonly PageRoute[] }) {
  const [location] = useLocation();
  return (
    <nav aria-label="Pages">
      <ul>
        {pages.map((page) => (
          <li key={page.path}>
            <Link
              href={page.path}
              className={location === page.path ? "active" : ""}
              aria-current={location === page.path ? "page" : undefined}
            >
              {page.label}
              {page.path === "/approvals" ? <PendingCount /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const session = useSession();
  const pages = session.role === "operator" ? OPERATOR_PAGES : AGENT_PAGES;
  const home = pages[0]?.path ?? "/";
  return (
    <LiveProvider>
      <div className="shell">
        <header className="top">
          <Link href={home} className="brand">
            <span className="logo" aria-hidden="true" /> Purple Flea
          </Link>
          <span className="role">{session.role === "operator" ? "Operator" : "Agent"}</span>
          <LiveIndicator />
          <button type="button" onClick={session.signOut}>
            Sign out
          </button>
        </header>
        <Nav pages={pages} />
        <main className="content">
          <Switch>
            {pages.map((page) => (
              <Route key={page.path} path={page.path} component={COMPONENTS[page.path] ?? OverviewPage} />
            ))}
            <Route>
              <Redirect to={home} replace />
            </Route>
          </Switch>
        </main>
      </div>
    </LiveProvider>
  );
}
