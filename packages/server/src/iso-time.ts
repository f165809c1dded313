/** Stored milliseconds since the epoch as the ISO 8601 text every response carries. */
export function isoTime(ms: bigint | number): string {
  return new Date(Number(ms)).toISOString();
}

/** The same for a moment that may not have come yet (a decision, a settlement): null until then. */
export function isoTimeOrNull(ms: bigint | number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
