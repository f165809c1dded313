import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operatorCaller } from "../http/auth.ts";
import { sendWrite } from "../http/money-route.ts";
import { operationRoute } from "../http/operation-route.ts";
import type { Platform } from "../platform.ts";
import { listAgentsWithBalances } from "./agents-report.ts";
import { searchAudit } from "./audit-search.ts";
import { depositToAgent, listDeposits } from "./deposits.ts";
import { feesReport } from "./fees-report.ts";
import { healthReport } from "./health.ts";
import { houseReport, moveHouseFunds } from "./house.ts";
import { runOperatorAction } from "./operator-action.ts";

/** The operator's routes: reads of the whole platform, and treasury writes that are idempotent and audited. */
export function operatorRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.operatorAgents, ({ query }) => store.read((tx) => listAgentsWithBalances(tx, query)));
    operationRoute(app, operations.operatorDeposit, ({ request, reply, body }) =>
      sendWrite(platform, request, reply, (tx) =>
        runOperatorAction(tx, operatorCaller(request), { action: "operator.deposit", amountMicro: body.amount }, 201, () =>
          depositToAgent(tx, body),
        ),
      ),
    );
    operationRoute(app, operations.operatorDeposits, ({ query }) => store.read((tx) => listDeposits(tx, query)));
    operationRoute(app, operations.operatorHouse, () => store.read((tx) => houseReport(tx)));
    for (const [op, direction] of [
      [operations.operatorHouseDeposit, "in"],
      [operations.operatorHouseWithdraw, "out"],
    ] as const) {
      operationRoute(app, op, ({ request, reply, body }) =>
        sendWrite(platform, request, reply, (tx) =>
          runOperatorAction(tx, operatorCaller(request), { action: op.id, amountMicro: body.amount }, 200, () =>
            moveHouseFunds(tx, direction, body),
          ),
        ),
      );
    }
    operationRoute(app, operations.operatorFees, () => store.read((tx) => feesReport(tx)));
    operationRoute(app, operations.operatorAudit, ({ query }) => store.read((tx) => searchAudit(tx, query)));
    operationRoute(app, operations.operatorHealth, () =>
      healthReport({ store, engine: "sqlite", openStreams: platform.streams.openCount, startedAt: platform.startedAt }),
    );
  };
}
