import { ApprovalRequiredError, PurpleFleaError } from "@purpleflea/sdk";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { type Asset, formatMoney, formatTime, shortId } from "./format.ts";

/** An amount, always through the one formatter. */
export function Money({ value, asset = "USDC", signed }: { value: string; asset?: Asset; signed?: "credit" | "debit" }) {
  const sign = signed === "credit" ? "+" : signed === "debit" ? "−" : "";
  return <span className={`money ${signed ?? ""}`}>{`${sign}${formatMoney(value, asset)}`}</span>;
}

export function Time({ value }: { value: string | null | undefined }) {
  return <time dateTime={value ?? undefined}>{formatTime(value)}</time>;
}

export function Id({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">–</span>;
  return (
    <code className="id" title={value}>
      {shortId(value)}
    </code>
  );
}

export function Badge({ children, tone = "neutral" }: { children: ReactNode; tone?: "good" | "bad" | "warn" | "neutral" }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

const STATUS_TONES: Record<string, "good" | "bad" | "warn" | "neutral"> = {
  win: "good",
  executed: "good",
  delivered: "good",
  filled: "good",
  released: "good",
  approved: "good",
  allowed: "good",
  posted: "good",
  loss: "bad",
  failed: "bad",
  rejected: "bad",
  denied: "bad",
  expired: "bad",
  cancelled: "bad",
  voided: "bad",
  pending: "warn",
  held: "warn",
  proposed: "warn",
  disputed: "warn",
  approval_requested: "warn",
};

export function Status({ value }: { value: string }) {
  return <Badge tone={STATUS_TONES[value] ?? "neutral"}>{value.replaceAll("_", " ")}</Badge>;
}

export function Panel({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {children ? <p className="muted">{children}</p> : null}
    </div>
  );
}

/** A figure with a fixed footprint, so nothing moves when the value arrives. */
export function Stat({ label, children, loading }: { label: string; children: ReactNode; loading?: boolean }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{loading ? <span className="skeleton" aria-hidden="true" /> : children}</div>
    </div>
  );
}

/** What went wrong, in the server's words (its error code and message). */
export function describeError(error: unknown): string {
  if (error instanceof ApprovalRequiredError) return `Held for approval: ${error.summary}`;
  if (error instanceof PurpleFleaError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="note error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Notice({ children, tone = "good" }: { children: ReactNode; tone?: "good" | "warn" }) {
  return (
    <p className={`note ${tone}`} role="status">
      {children}
    </p>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: "right";
}

/**
 * A table with its three other states: loading (placeholder rows of the final height, so the page
 * does not jump), failed (the error, with a retry), and empty (a sentence saying so).
 */
export function Table<T>({
  query,
  rows,
  columns,
  rowKey,
  empty,
  label,
  skeletonRows = 3,
}: {
  query: Pick<UseQueryResult, "isPending" | "error" | "refetch">;
  rows: readonly T[] | undefined;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  empty: string;
  label: string;
  skeletonRows?: number;
}) {
  if (query.error) {
    return (
      <div className="table-state">
        <ErrorNote error={query.error} />
        <button type="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const loading = query.isPending || rows === undefined;
  if (!loading && rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table aria-label={label} aria-busy={loading}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} className={column.align}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {loading
            ? Array.from({ length: skeletonRows }, (_, i) => (
                <tr key={i} className="skeleton-row">
                  {columns.map((column) => (
                    <td key={column.header}>
                      <span className="skeleton" aria-hidden="true" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.align}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}

/** A labelled form control; the label wraps the input so clicking it focuses the field. */
export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, which the label wraps
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

/** The next page of a paged list, while there is one. */
export function LoadMore({
  pages,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
      {pages.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
