import { operation } from "../operation.ts";
import { referralEarningListSchema, referralEarningsQuerySchema, referralSummarySchema } from "../schemas-referrals.ts";
import { read } from "./common.ts";

export const referralOperations = {
  referrals: operation({
    ...read,
    id: "referrals.get",
    tool: "get_referrals",
    path: "/referrals",
    tag: "referrals",
    summary: "Your referral code, the agents you referred and your earnings per service",
    response: referralSummarySchema,
  }),
  referralEarnings: operation({
    ...read,
    id: "referrals.earnings",
    tool: "list_referral_earnings",
    path: "/referrals/earnings",
    tag: "referrals",
    summary: "Every referral share paid to you, newest first",
    query: referralEarningsQuerySchema,
    response: referralEarningListSchema,
  }),
};
