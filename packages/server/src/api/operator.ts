import { operations } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { operationRoute } from "../http/operation-route.ts";
import { listAgentsWithBalances } from "../operator/agents-report.ts";
import { searchAudit } from "../operator/audit-search.ts";
import { depositToAgent, listDeposits } from "../operator/deposits.ts";
import { feesReport } from "../operator/fees-report.ts";
import { healthReport } from "../operator/health.ts";
import { houseReport, moveHouseFunds } from "../operator/house.ts";
import { runOperatorAction } from "../operator/operator-action.ts";
import type { Platform } from "../platform.ts";
import { operatorCaller } from "./auth.ts";
import { writeRoute } from "./write-route.ts";

/** The operator's routes: reads of the whole platform, and treasury writes that are idempotent and audited. */
export function operatorRoutes(platform: Platform) {
  const { store } = platform;
  return async (app: FastifyInstance) => {
    operationRoute(app, operations.operatorAgents, ({ query }) => store.read((tx) => listAgentsWithBalances(tx, query)));
    writeRoute(app, platform, operations.operatorDeposit, (tx, { request, body }) =>
      runOperatorAction(tx, operatorCaller(request), { action: "operator.deposit", amountMicro: body.amount }, 201, () =>
        depositToAgent(tx, body),
      ),
    );
    operationRoute(app, operations.operatorDeposits, ({ query }) => store.read((tx) => listDeposits(tx, query)));
    operationRoute(app, operations.operatorHouse, () => store.read((tx) => houseReport(tx)));
    for (const [op, direction] of [
      [operations.operatorHouseDeposit, "in"],
      [operations.operatorHouseWithdraw, "out"],
    ] as const) {
      writeRoute(app, platform, op, (tx, { request, body }) =>
        runOperatorAction(tx, operatorCaller(request), { action: op.id, amountMicro: body.amount }, 200, () =>
          moveHouseFunds(tx, direction, body),
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
