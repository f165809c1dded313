import { type Migration, serialKey } from "@purpleflea/ledger";

/**
 * Orders, fills and positions. Cash lives in the ledger (PAPER_USDC accounts and holds); the base
 * quantity of a position lives here, in 10^-8 coins, because a ledger asset per instrument would
 * show coins as USDC in every balance and history view.
 */
export const tradingMigrations: readonly Migration[] = [
  {
    id: "trading-001-orders-fills-positions",
    sql: (dialect) => `
      CREATE TABLE trading_orders (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        client_order_id TEXT,
        parent_id TEXT,
        oco_group TEXT,
        symbol TEXT NOT NULL,
        mode TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop')),
        time_in_force TEXT NOT NULL,
        quantity BIGINT NOT NULL CHECK (quantity > 0),
        filled BIGINT NOT NULL DEFAULT 0,
        limit_price BIGINT,
        trigger_price BIGINT,
        notional BIGINT NOT NULL DEFAULT 0,
        fee BIGINT NOT NULL DEFAULT 0,
        reserved BIGINT NOT NULL DEFAULT 0,
        hold_id TEXT,
        stop_loss BIGINT,
        take_profit BIGINT,
        status TEXT NOT NULL CHECK (status IN ('open', 'partially_filled', 'filled', 'cancelled', 'expired')),
        reason TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CHECK (filled <= quantity),
        UNIQUE (agent_id, client_order_id)
      );
      CREATE INDEX trading_orders_agent ON trading_orders (agent_id, seq);
      CREATE INDEX trading_orders_resting ON trading_orders (symbol, type, side) WHERE status IN ('open', 'partially_filled');
      CREATE TABLE trading_fills (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        order_id TEXT NOT NULL REFERENCES trading_orders(id),
        agent_id TEXT NOT NULL REFERENCES agents(id),
        symbol TEXT NOT NULL,
        mode TEXT NOT NULL,
        side TEXT NOT NULL,
        liquidity TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
        quantity BIGINT NOT NULL CHECK (quantity > 0),
        price BIGINT NOT NULL,
        notional BIGINT NOT NULL,
        fee BIGINT NOT NULL,
        realised_pnl BIGINT NOT NULL,
        step BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX trading_fills_agent ON trading_fills (agent_id, seq);
      CREATE TABLE trading_positions (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        mode TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity BIGINT NOT NULL DEFAULT 0 CHECK (quantity >= 0),
        cost_basis BIGINT NOT NULL DEFAULT 0 CHECK (cost_basis >= 0),
        realised_pnl BIGINT NOT NULL DEFAULT 0,
        fees_paid BIGINT NOT NULL DEFAULT 0,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (agent_id, mode, symbol)
      );
    `,
  },
  {
    // When a replay started: every node reads the same row, so all replay the same row at one time.
    id: "trading-002-market-epochs",
    sql: "CREATE TABLE market_epochs (feed TEXT PRIMARY KEY, started_at BIGINT NOT NULL);",
  },
];
