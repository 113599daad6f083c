import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  type DescribeBudgetsCommandOutput,
  type DescribeNotificationsForBudgetCommandOutput,
  type DescribeSubscribersForNotificationCommandOutput,
  type Notification,
} from '@aws-sdk/client-budgets';
import { AwsCallError } from '../../aws/errors.js';
import type { Budget } from '../snapshot.js';
import { all, read, type CollectContext } from './context.js';

/** AWS Budgets: each budget, its notifications, and how many subscribers each notification has. */
export async function collectBudgets(ctx: CollectContext): Promise<void> {
  ctx.snap.billing.budgets = await read('budgets:DescribeBudgets', 'global', () => budgets(ctx));
}

/** Budgets answers NotFoundException where other services return an empty list. */
async function orEmpty<T>(fn: () => Promise<T[]>): Promise<T[]> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AwsCallError && err.failure.code === 'NotFoundException') return [];
    throw err;
  }
}

async function budgets(ctx: CollectContext): Promise<Budget[]> {
  const { aws, snap } = ctx;
  const AccountId = snap.account.id;
  const home = aws.homeRegion;
  const list = await orEmpty(() =>
    all(
      aws.pages<DescribeBudgetsCommandOutput>(BudgetsClient, home, (NextToken) => new DescribeBudgetsCommand({ AccountId, MaxResults: 100, NextToken }), (o) => o.NextToken),
      (o) => o.Budgets,
    ),
  );
  return Promise.all(
    list.map(async (b): Promise<Budget> => {
      const BudgetName = b.BudgetName!;
      const notifications = await orEmpty(() =>
        all(
          aws.pages<DescribeNotificationsForBudgetCommandOutput>(
            BudgetsClient,
            home,
            (NextToken) => new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName, MaxResults: 100, NextToken }),
            (o) => o.NextToken,
          ),
          (o) => o.Notifications,
        ),
      );
      return {
        name: BudgetName,
        type: b.BudgetType ?? 'UNKNOWN',
        ...(b.BudgetLimit?.Amount ? { limit: { amount: b.BudgetLimit.Amount, unit: b.BudgetLimit.Unit ?? '' } } : {}),
        notifications: await Promise.all(
          notifications.map(async (n: Notification) => ({
            type: n.NotificationType ?? 'UNKNOWN',
            threshold: n.Threshold ?? 0,
            ...(n.ThresholdType ? { thresholdType: n.ThresholdType } : {}),
            subscribers: (
              await orEmpty(() =>
                all(
                  aws.pages<DescribeSubscribersForNotificationCommandOutput>(
                    BudgetsClient,
                    home,
                    (NextToken) => new DescribeSubscribersForNotificationCommand({ AccountId, BudgetName, Notification: n, MaxResults: 100, NextToken }),
                    (o) => o.NextToken,
                  ),
                  (o) => o.Subscribers,
                ),
              )
            ).length,
          })),
        ),
      };
    }),
  );
}
