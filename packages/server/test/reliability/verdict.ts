import type { ReliabilityReport } from "./run.ts";

/** What must hold after a reliability run; empty when it passed. */
export function reliabilityVerdict(report: ReliabilityReport): string[] {
  const problems: string[] = [];
  if (report.acknowledged === 0) problems.push("no operation was acknowledged");
  if (report.lost !== 0) problems.push(`${report.lost} acknowledged operations are missing from the database`);
  if (report.serverErrors !== 0) problems.push(`${report.serverErrors} answers were 5xx other than 503`);
  if (report.doubleSpends !== 0) problems.push(`${report.doubleSpends} operations took effect twice`);
  for (const [asset, total] of Object.entries(report.ledgerSums)) {
    if (total !== "0") problems.push(`${asset} balances sum to ${total}, not 0`);
  }
  if (report.invariantViolations.length > 0) problems.push(`ledger invariants: ${report.invariantViolations.join("; ")}`);
  return problems;
}
