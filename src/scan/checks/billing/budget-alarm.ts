import { sh } from '../../../util/shell.js';
import { fail, notAssessed, pass, type Check } from '../../check.js';
import { accountResource } from '../cloudtrail/fixes.js';

/** EstimatedCharges is published only in us-east-1, whatever region the spend is in. */
const BILLING_REGION = 'us-east-1';

export const billingBudgetAlarm: Check = {
  meta: {
    id: 'billing.budget-alarm',
    title: 'A cost budget or billing alarm notifies someone',
    service: 'billing',
    severity: 'high',
    threat:
      'A leaked key starting the largest instances in every region costs hundreds of dollars in the first hour. A budget alert (or an EstimatedCharges alarm) is often the only signal that reaches a person the same day; no CIS control covers it.',
  },
  run({ snap }) {
    const resource = accountResource(snap);
    const budgets = snap.billing.budgets;
    if (budgets.ok) {
      const alerting = budgets.value.find((b) => b.type === 'COST' && b.notifications.some((n) => n.subscribers > 0));
      if (alerting) return [pass(resource, 'global', `Cost budget ${alerting.name} notifies ${alerting.notifications.reduce((n, x) => n + x.subscribers, 0)} subscriber(s).`)];
    }
    const alarms = snap.alarms[BILLING_REGION];
    if (alarms?.ok) {
      const billing = alarms.value.find((a) => a.namespace === 'AWS/Billing' && a.metricName === 'EstimatedCharges' && a.actionsEnabled && a.actions.length > 0);
      if (billing) return [pass(resource, 'global', `Billing alarm ${billing.name} on AWS/Billing EstimatedCharges has actions.`)];
    }
    // Either path could be the one that passes: an unreadable one keeps this from failing.
    if (!budgets.ok) return [notAssessed(resource, 'global', budgets.error)];
    if (!alarms) return [notAssessed(resource, 'global', `no budget alerts anyone, and CloudWatch alarms of ${BILLING_REGION} (where billing metrics live) were not collected`)];
    if (!alarms.ok) return [notAssessed(resource, 'global', alarms.error)];
    const { id } = snap.account;
    const email = (snap.account_settings.securityContact.ok && snap.account_settings.securityContact.value?.email) || 'billing@example.com';
    const budget = { BudgetName: 'mamori-monthly-cost', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '20', Unit: 'USD' } };
    const notifications = [
      { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: email }] },
      { Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: email }] },
    ];
    const why = budgets.value.length
      ? `None of the ${budgets.value.length} budget(s) is a cost budget with a notification that has a subscriber`
      : 'The account has no budget';
    return [
      fail(resource, 'global', `${why}, and no alarm watches AWS/Billing EstimatedCharges: a cost spike from a leaked key would surface on the monthly bill.`, {
        cli: `aws budgets create-budget --account-id ${sh(id)} --budget ${sh(JSON.stringify(budget))} --notifications-with-subscribers ${sh(JSON.stringify(notifications))}`,
        console: 'Set the limit to a little above your normal monthly spend. Budgets are evaluated a few times a day; for faster warning, also enable "Receive Billing Alerts" in Billing preferences and alarm on AWS/Billing EstimatedCharges in us-east-1.',
      }),
    ];
  },
};
