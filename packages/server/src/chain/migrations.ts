import { type Migration, serialKey } from "@purpleflea/ledger";

/**
 * On-chain USDC. Money lives in the ledger; these tables say where it came from or went on chain.
 * `chain_state` holds the counters that must survive a restart: the next deposit-address index, the
 * last block whose deposits were credited and the hot wallet's next nonce.
 */
export const chainMigrations: readonly Migration[] = [
  {
    id: "chain-001-deposits-withdrawals",
    sql: (dialect) => `
      CREATE TABLE chain_state (
        chain_id BIGINT PRIMARY KEY,
        next_address_index BIGINT NOT NULL DEFAULT 0,
        scanned_block BIGINT,
        next_nonce BIGINT
      );
      CREATE TABLE chain_deposit_addresses (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        chain_id BIGINT NOT NULL,
        derivation_index BIGINT NOT NULL,
        address TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (agent_id, chain_id),
        UNIQUE (chain_id, derivation_index),
        UNIQUE (chain_id, address)
      );
      CREATE TABLE chain_deposits (
        chain_id BIGINT NOT NULL,
        tx_hash TEXT NOT NULL,
        log_index BIGINT NOT NULL,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        address TEXT NOT NULL,
        amount BIGINT NOT NULL CHECK (amount > 0),
        block_number BIGINT NOT NULL,
        transfer_id TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (chain_id, tx_hash, log_index)
      );
      CREATE TABLE chain_withdrawals (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        chain_id BIGINT NOT NULL,
        to_address TEXT NOT NULL,
        amount BIGINT NOT NULL CHECK (amount > 0),
        fee BIGINT NOT NULL CHECK (fee >= 0),
        status TEXT NOT NULL CHECK (status IN ('queued', 'broadcast', 'confirmed', 'failed', 'dropped')),
        nonce BIGINT,
        raw_tx TEXT,
        tx_hash TEXT,
        block_number BIGINT,
        failure_code TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (chain_id, nonce)
      );
      CREATE INDEX chain_withdrawals_open ON chain_withdrawals (chain_id, status, seq);
    `,
  },
];
