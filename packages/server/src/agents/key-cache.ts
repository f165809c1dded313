import type { Store } from "@purpleflea/ledger";
import { findKeyIdentity, hashApiKey, type KeyIdentity } from "./api-keys.ts";

const MAX_ENTRIES = 50_000;

/**
 * Remembers recently seen keys for `ttlMs` so authentication costs no database read per request.
 * Revocation on this node evicts at once; other nodes stop accepting the key within `ttlMs`
 * (KEY_CACHE_TTL_MS; 0 reads the key on every request).
 */
export class KeyCache {
  private readonly entries = new Map<string, { identity: KeyIdentity; expiresAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
  ) {}

  async lookup(apiKey: string, now = Date.now()): Promise<KeyIdentity | undefined> {
    const hash = hashApiKey(apiKey);
    const hit = this.entries.get(hash);
    if (hit && hit.expiresAt > now) return hit.identity;
    const identity = await this.store.read((tx) => findKeyIdentity(tx, hash));
    if (!identity) {
      this.entries.delete(hash);
      return undefined;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { identity, expiresAt: now + this.ttlMs });
    return identity;
  }

  evictKey(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.identity.keyId === keyId) this.entries.delete(hash);
  }
}
