import { operation } from "../operation.ts";
import { pageQuerySchema } from "../schemas-common.ts";
import {
  depositListSchema,
  depositRequestSchema,
  depositResponseSchema,
  feesSchema,
  healthReportSchema,
  houseSchema,
  houseTransferRequestSchema,
  operatorAgentListSchema,
  operatorAgentsQuerySchema,
  operatorAuditListSchema,
  operatorAuditQuerySchema,
} from "../schemas-operator.ts";
import { move, read } from "./common.ts";

/** Platform-wide routes for the operator key (`pf_op_…`); agent keys get 403 operator_key_required. */
const operatorRead = { ...read, principal: "operator", tag: "operator" } as const;
const operatorMove = { ...move, scope: "read", principal: "operator", tag: "operator" } as const;

export const operatorOperations = {
  operatorAgents: operation({
    ...operatorRead,
    id: "operator.agents",
    tool: "operator_list_agents",
    path: "/operator/agents",
    summary: "Every agent with its USDC (available, held, total) and paper balances, newest first",
    query: operatorAgentsQuerySchema,
    response: operatorAgentListSchema,
  }),
  operatorDeposit: operation({
    ...operatorMove,
    status: 201,
    id: "operator.deposit",
    effects: { destructive: false },
    tool: "operator_fund_agent",
    path: "/operator/deposits",
    summary: "Fund an agent from the treasury: an off-chain deposit, with a memo, audited",
    body: depositRequestSchema,
    response: depositResponseSchema,
  }),
  operatorDeposits: operation({
    ...operatorRead,
    id: "operator.deposits",
    tool: "operator_list_deposits",
    path: "/operator/deposits",
    summary: "Deposits made from the treasury, newest first",
    query: pageQuerySchema,
    response: depositListSchema,
  }),
  operatorHouse: operation({
    ...operatorRead,
    id: "operator.house",
    tool: "operator_get_house",
    path: "/operator/house",
    summary: "The casino's house bankroll: balance, what was put in, its result, and the operator's movements",
    response: houseSchema,
  }),
  operatorHouseDeposit: operation({
    ...operatorMove,
    id: "operator.houseDeposit",
    effects: { destructive: false },
    tool: "operator_house_deposit",
    path: "/operator/house/deposit",
    summary: "Move USDC from the treasury into the house bankroll",
    body: houseTransferRequestSchema,
    response: houseSchema,
  }),
  operatorHouseWithdraw: operation({
    ...operatorMove,
    id: "operator.houseWithdraw",
    tool: "operator_house_withdraw",
    path: "/operator/house/withdraw",
    summary: "Move USDC out of the house bankroll to the treasury",
    body: houseTransferRequestSchema,
    response: houseSchema,
  }),
  operatorFees: operation({
    ...operatorRead,
    id: "operator.fees",
    tool: "operator_get_fees",
    path: "/operator/fees",
    summary: "Fees earned per service and asset, and the referral shares paid out of them",
    response: feesSchema,
  }),
  operatorAudit: operation({
    ...operatorRead,
    id: "operator.audit",
    tool: "operator_search_audit",
    path: "/operator/audit",
    summary: "Search the audit log of every agent and of the operator itself, newest first",
    query: operatorAuditQuerySchema,
    response: operatorAuditListSchema,
  }),
  operatorHealth: operation({
    ...operatorRead,
    id: "operator.health",
    tool: "operator_get_health",
    path: "/operator/health",
    summary: "System health: database, queue depths, webhook failures, pending approvals, open streams",
    response: healthReportSchema,
  }),
};
