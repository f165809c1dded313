/** The console's pages, by role: the navigation, the router and the browser tests read these. */
export interface PageRoute {
  path: string;
  label: string;
}

export const AGENT_PAGES: readonly PageRoute[] = [
  { path: "/", label: "Overview" },
  { path: "/ledger", label: "Ledger" },
  { path: "/casino", label: "Casino" },
  { path: "/trading", label: "Trading" },
  { path: "/escrow", label: "Escrow" },
  { path: "/approvals", label: "Approvals" },
  { path: "/proposals", label: "Proposals" },
  { path: "/keys", label: "Keys & policy" },
  { path: "/webhooks", label: "Webhooks" },
  { path: "/referrals", label: "Referrals" },
];

export const OPERATOR_PAGES: readonly PageRoute[] = [
  { path: "/operator", label: "Agents" },
  { path: "/operator/funding", label: "Funding" },
  { path: "/operator/house", label: "House bankroll" },
  { path: "/operator/fees", label: "Fees" },
  { path: "/operator/audit", label: "Audit log" },
  { path: "/operator/health", label: "Health" },
];
