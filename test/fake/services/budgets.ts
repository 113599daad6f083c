import * as budgets from '@aws-sdk/client-budgets';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { accountWide, type FakeAccount } from '../state.js';

export interface FakeNotification {
  NotificationType: 'ACTUAL' | 'FORECASTED';
  ComparisonOperator: 'GREATER_THAN' | 'LESS_THAN' | 'EQUAL_TO';
  Threshold: number;
  ThresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  subscribers: { SubscriptionType: 'EMAIL' | 'SNS'; Address: string }[];
}
export interface FakeBudget {
  name: string;
  type: 'COST' | 'USAGE' | 'RI_UTILIZATION' | 'RI_COVERAGE' | 'SAVINGS_PLANS_UTILIZATION' | 'SAVINGS_PLANS_COVERAGE';
  limit: { Amount: string; Unit: string };
  timeUnit: 'DAILY' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';
  notifications: FakeNotification[];
}
export interface FakeBudgets {
  budgets: Map<string, FakeBudget>;
}

export const budgetsState = (a: FakeAccount) => accountWide<FakeBudgets>(a, 'budgets', () => ({ budgets: new Map() }));

function checkAccount(input: { AccountId?: string }, ctx: FakeCtx) {
  if (!input.AccountId || !/^\d{12}$/.test(input.AccountId)) throw new FakeError('InvalidParameterException', 'Account ID must be a 12-digit number.', 400);
  if (input.AccountId !== ctx.account.id)
    throw new FakeError('AccessDeniedException', `User: ${ctx.account.callerArn} is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${input.AccountId}:budget/*`, 400);
}

function budget(ctx: FakeCtx, name: string): FakeBudget {
  const b = budgetsState(ctx.account).budgets.get(name);
  if (!b) throw new FakeError('NotFoundException', `[Exception=NotFoundException] Failed to call DescribeNotificationsForBudget for [AccountId: ${ctx.account.id}] - Unable to get budget: ${name} - the budget doesn't exist.`, 400);
  return b;
}

const sameNotification = (a: FakeNotification, b: Record<string, unknown>) =>
  a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === (b.ThresholdType ?? 'PERCENTAGE');

/**
 * AWS Budgets. DescribeBudgets on an account with no budget answers
 * NotFoundException rather than an empty list, as tools built on the API
 * report (aws-solutions-library-samples/cloud-intelligence-dashboards-data-collection
 * PR #171); the API reference does not say so. The fake does it so that the
 * collector must cope. Notifications and subscribers answer empty lists.
 */
export const budgetsService: FakeService = {
  prefix: 'budgets',
  client: budgets.BudgetsClient,
  module: budgets,
  global: true,
  handlers: {
    DescribeBudgets(input, ctx) {
      checkAccount(input, ctx);
      const all = [...budgetsState(ctx.account).budgets.values()];
      if (!all.length) throw new FakeError('NotFoundException', `[Exception=NotFoundException] Failed to call DescribeBudgets for [AccountId: ${ctx.account.id}] - Unable to get budgets for account: ${ctx.account.id} - no budgets exist.`, 400);
      const { page, next } = paginate(all, input.NextToken, input.MaxResults, 1000, 100);
      return {
        Budgets: page.map((b) => ({
          BudgetName: b.name,
          BudgetType: b.type,
          BudgetLimit: b.limit,
          TimeUnit: b.timeUnit,
          TimePeriod: { Start: new Date('2026-01-01T00:00:00Z'), End: new Date('2087-06-15T00:00:00Z') },
          CalculatedSpend: { ActualSpend: { Amount: '3.2', Unit: b.limit.Unit } },
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
    DescribeNotificationsForBudget(input, ctx) {
      checkAccount(input, ctx);
      const b = budget(ctx, input.BudgetName);
      const { page, next } = paginate(b.notifications, input.NextToken, input.MaxResults, 100);
      return {
        Notifications: page.map(({ subscribers: _s, ...n }) => ({ ...n, NotificationState: 'OK' })),
        ...(next ? { NextToken: next } : {}),
      };
    },
    DescribeSubscribersForNotification(input, ctx) {
      checkAccount(input, ctx);
      const b = budget(ctx, input.BudgetName);
      const n = b.notifications.find((n) => sameNotification(n, input.Notification ?? {}));
      if (!n) throw new FakeError('NotFoundException', `[Exception=NotFoundException] Unable to get notification for budget: ${b.name}`, 400);
      const { page, next } = paginate(n.subscribers, input.NextToken, input.MaxResults, 100);
      return { Subscribers: page, ...(next ? { NextToken: next } : {}) };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

/** A monthly cost budget; by default alerting an email address at 80% of actual spend. */
export function addBudget(
  account: FakeAccount,
  name: string,
  over: Partial<Omit<FakeBudget, 'name'>> & { amount?: string; email?: string } = {},
): FakeBudget {
  const { amount, email, ...rest } = over;
  const b: FakeBudget = {
    name,
    type: 'COST',
    limit: { Amount: amount ?? '20.0', Unit: 'USD' },
    timeUnit: 'MONTHLY',
    notifications: [
      { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE', subscribers: [{ SubscriptionType: 'EMAIL', Address: email ?? 'billing@example.com' }] },
    ],
    ...rest,
  };
  budgetsState(account).budgets.set(name, b);
  return b;
}
