import { z } from "zod";
import { amountSchema, moneyShape, nullableMoneyShape } from "./amount-schema.ts";
import { PurpleFleaError } from "./errors.ts";
import { newFundsShape } from "./funds.ts";
import { checkQuantity, checkTick, requireInstrument, symbolSchema } from "./instruments.ts";
import { formatAmount, MAX_AMOUNT_MICRO } from "./money.ts";
import { ceilDiv, quantitySchema, quantityShape, UNITS_PER_COIN } from "./quantity.ts";
import { pageQuerySchema } from "./schemas-common.ts";
import { CANDLE_INTERVALS } from "./schemas-market.ts";

export const ORDER_SIDES = ["buy", "sell"] as const;
export const ORDER_TYPES = ["market", "limit"] as const;
export const TIME_IN_FORCE = ["gtc", "ioc", "fok"] as const;
export const ORDER_STATUSES = ["open", "partially_filled", "filled", "cancelled", "expired"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const orderFieldsSchema = z.object({
  symbol: symbolSchema,
  side: z.enum(ORDER_SIDES),
  amount: quantitySchema("amount").optional().describe("Base quantity in coins (0.01 = 0.01 BTC); or send notional"),
  notional: amountSchema("notional").optional().describe("USDC to trade instead of amount, converted at the touch"),
  mode: z.enum(["paper", "live"]).default("paper").describe("paper trades paper USDC; live is refused until a venue exists"),
  type: z.enum(ORDER_TYPES).default("market"),
  limit_price: amountSchema("limit_price").optional().describe("Required for limit orders: worst price you accept"),
  time_in_force: z
    .enum(TIME_IN_FORCE)
    .optional()
    .describe("gtc rests (limit only), ioc fills what it can now, fok all or nothing"),
  client_order_id: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, "client_order_id is 1-64 printable ASCII characters")
    .optional()
    .describe("Your id for the order, unique per agent"),
  stop_loss: amountSchema("stop_loss").optional().describe("Buy orders: sell at market once the bid falls to this price"),
  take_profit: amountSchema("take_profit").optional().describe("Buy orders: sell at this price once the bid reaches it"),
});

type OrderFields = z.output<typeof orderFieldsSchema>;
type Issues = z.RefinementCtx<OrderFields>;

function issue(ctx: Issues, field: string, code: string, message: string): void {
  ctx.addIssue({ code: "custom", path: [field], message, params: { code } });
}

/** Runs a check from the instrument rules and turns its error into a coded issue. */
function check(ctx: Issues, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    issue(ctx, String(error.details?.field), error.code, error.message);
  }
}

/** Rules across fields that need no market data; price-dependent ones (min notional) run on the server. */
function orderRules(order: OrderFields, ctx: Issues): void {
  const instrument = requireInstrument(order.symbol);
  if ((order.amount === undefined) === (order.notional === undefined)) {
    issue(ctx, "amount", "invalid_request", "send amount (base quantity) or notional (USDC), exactly one of them");
  }
  if (order.amount !== undefined) check(ctx, () => checkQuantity(instrument, order.amount as bigint, "amount"));
  for (const field of ["limit_price", "stop_loss", "take_profit"] as const) {
    const price = order[field];
    if (price !== undefined) check(ctx, () => checkTick(instrument, price, field));
  }
  if (order.type === "limit" && order.limit_price === undefined) {
    issue(ctx, "limit_price", "limit_price_required", "a limit order needs limit_price");
  }
  // An order's worth at its limit is what it commits (the risk gate counts it, a buy holds it): it must
  // fit in one amount, like any other.
  if (order.amount !== undefined && order.limit_price !== undefined) {
    const worth = ceilDiv(order.amount * order.limit_price, UNITS_PER_COIN);
    if (worth > MAX_AMOUNT_MICRO) {
      issue(
        ctx,
        "limit_price",
        "amount_too_large",
        `amount x limit_price exceeds the maximum of ${formatAmount(MAX_AMOUNT_MICRO)}`,
      );
    }
  }
  if (order.type === "market" && order.limit_price !== undefined) {
    issue(ctx, "limit_price", "invalid_request", 'limit_price is for limit orders; send type "limit"');
  }
  if (order.type === "market" && order.time_in_force === "gtc") {
    issue(ctx, "time_in_force", "invalid_request", "a market order cannot rest: use ioc or fok");
  }
  bracketRules(order, ctx);
}

/** Stop loss and take profit protect the long position a buy opens; for a limit buy they bracket its price. */
function bracketRules(order: OrderFields, ctx: Issues): void {
  for (const field of ["stop_loss", "take_profit"] as const) {
    if (order[field] !== undefined && order.side === "sell") {
      issue(ctx, field, "invalid_request", `${field} protects the position a buy opens; set it on buy orders`);
    }
  }
  if (order.stop_loss !== undefined && order.take_profit !== undefined && order.stop_loss >= order.take_profit) {
    issue(ctx, "stop_loss", "stop_loss_not_below_entry", "stop_loss must be below take_profit");
  }
  const entry = order.limit_price;
  if (entry === undefined) return;
  if (order.stop_loss !== undefined && order.stop_loss >= entry) {
    issue(ctx, "stop_loss", "stop_loss_not_below_entry", "stop_loss must be below limit_price");
  }
  if (order.take_profit !== undefined && order.take_profit <= entry) {
    issue(ctx, "take_profit", "take_profit_not_above_entry", "take_profit must be above limit_price");
  }
}

/** orderRules that depend on no value, as JSON Schema (OpenAPI 3.0) for the document. */
const ORDER_SHAPE_RULES = [
  { oneOf: [{ required: ["amount"] }, { required: ["notional"] }] },
  {
    anyOf: [
      { properties: { type: { enum: ["market"] }, time_in_force: { enum: ["ioc", "fok"] } }, not: { required: ["limit_price"] } },
      { properties: { type: { enum: ["limit"] } }, required: ["type", "limit_price"] },
    ],
  },
  {
    anyOf: [
      { properties: { side: { enum: ["buy"] } } },
      { not: { anyOf: [{ required: ["stop_loss"] }, { required: ["take_profit"] }] } },
    ],
  },
];

/** The seed's body `{symbol, side, amount, mode}` plus limit orders, time in force and brackets. */
export const orderRequestSchema = orderFieldsSchema
  .superRefine(orderRules)
  .transform((order) => ({
    ...order,
    time_in_force: order.time_in_force ?? (order.type === "limit" ? ("gtc" as const) : ("ioc" as const)),
  }))
  .meta({ allOf: ORDER_SHAPE_RULES });

export const fillSchema = z.object({
  fill_id: z.string(),
  order_id: z.string(),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  liquidity: z.enum(["maker", "taker"]),
  ...quantityShape("amount"),
  ...moneyShape("price"),
  ...moneyShape("notional"),
  ...moneyShape("fee"),
  ...moneyShape("realised_pnl"),
  created_at: z.string(),
});

export const orderSchema = z.object({
  order_id: z.string(),
  client_order_id: z.string().nullable(),
  parent_order_id: z.string().nullable().describe("For stop loss and take profit orders: the buy that opened them"),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  type: z.enum(["market", "limit", "stop"]).describe("stop: a stop loss, sold at market once the bid reaches trigger_price"),
  time_in_force: z.enum(TIME_IN_FORCE),
  mode: z.literal("paper"),
  status: z.enum(ORDER_STATUSES),
  ...quantityShape("amount"),
  ...quantityShape("filled_amount"),
  ...quantityShape("remaining_amount"),
  ...nullableMoneyShape("limit_price"),
  ...nullableMoneyShape("trigger_price"),
  ...nullableMoneyShape("fill_price"),
  ...moneyShape("notional"),
  ...moneyShape("fee"),
  fee_asset: z.literal("PAPER_USDC"),
  ...moneyShape("reserved"),
  ...nullableMoneyShape("stop_loss"),
  ...nullableMoneyShape("take_profit"),
  reason: z
    .string()
    .nullable()
    .describe("Why the order ended: filled, cancelled, ioc_remainder, fok_unfillable, oco, no_liquidity"),
  created_at: z.string(),
  updated_at: z.string(),
});

export const orderResponseSchema = orderSchema.extend({
  ...newFundsShape,
  fills: z.array(fillSchema).describe("Fills made by this request"),
});

export const orderIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const orderListQuerySchema = pageQuerySchema.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  symbol: symbolSchema.optional(),
});
export const orderListSchema = z.object({ orders: z.array(orderSchema), next_cursor: z.string().nullable() });
export const fillListQuerySchema = pageQuerySchema.extend({ symbol: symbolSchema.optional() });
export const fillListSchema = z.object({ fills: z.array(fillSchema), next_cursor: z.string().nullable() });

export const positionSchema = z.object({
  symbol: z.string(),
  ...quantityShape("amount"),
  ...quantityShape("available_amount"),
  ...moneyShape("average_entry"),
  ...moneyShape("cost_basis"),
  ...moneyShape("mark_price"),
  ...moneyShape("market_value"),
  ...moneyShape("unrealised_pnl"),
  ...moneyShape("realised_pnl"),
  ...moneyShape("fees_paid"),
});

export const positionsResponseSchema = z.object({
  mode: z.literal("paper"),
  positions: z.array(positionSchema),
  ...moneyShape("cash"),
  ...moneyShape("held"),
  ...moneyShape("market_value"),
  ...moneyShape("equity"),
  ...moneyShape("unrealised_pnl"),
  ...moneyShape("realised_pnl"),
});

export const portfolioQuerySchema = z.object({
  interval: z.enum(CANDLE_INTERVALS).default("1h"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const portfolioHistorySchema = z.object({
  interval: z.enum(CANDLE_INTERVALS),
  points: z.array(z.object({ time: z.string(), ...moneyShape("cash"), ...moneyShape("value") })).describe("Oldest first"),
});

export type OrderRequest = z.output<typeof orderRequestSchema>;
export type Order = z.infer<typeof orderSchema>;
export type OrderResponse = z.infer<typeof orderResponseSchema>;
export type Fill = z.infer<typeof fillSchema>;
export type Position = z.infer<typeof positionSchema>;
export type PositionsResponse = z.infer<typeof positionsResponseSchema>;
export type PortfolioHistory = z.infer<typeof portfolioHistorySchema>;
