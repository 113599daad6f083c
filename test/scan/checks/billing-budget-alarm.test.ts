import { billingBudgetAlarm } from '../../../src/scan/checks/billing/budget-alarm.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const billingAlarm = { name: 'billing-over-50', arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:billing-over-50`, metricName: 'EstimatedCharges', namespace: 'AWS/Billing', actions: [`arn:aws:sns:us-east-1:${ACCOUNT}:billing`], actionsEnabled: true, threshold: 50 };

checkTester(billingBudgetAlarm, {
  valid: [
    { name: 'cost budget with a subscribed notification', expect: [{ status: 'PASS', reason: /Cost budget monthly/ }] },
    {
      name: 'no budget but an EstimatedCharges alarm in us-east-1',
      setup: (s) => {
        s.billing.budgets = ok([]);
        s.alarms['us-east-1'] = ok([billingAlarm]);
      },
      expect: [{ status: 'PASS', reason: /billing-over-50/ }],
    },
    {
      name: 'budgets unreadable but a billing alarm exists: PASS on what is known',
      setup: (s) => {
        s.billing.budgets = denied('budgets:DescribeBudgets');
        s.alarms['us-east-1'] = ok([billingAlarm]);
      },
      expect: [{ status: 'PASS' }],
    },
  ],
  invalid: [
    {
      name: 'no budget and no billing alarm: create-budget with a real JSON body',
      setup: (s) => (s.billing.budgets = ok([])),
      expect: [
        {
          status: 'FAIL',
          reason: /The account has no budget/,
          fix: /^aws budgets create-budget --account-id 123456789012 --budget '\{"BudgetName":"mamori-monthly-cost","BudgetType":"COST","TimeUnit":"MONTHLY","BudgetLimit":\{"Amount":"20","Unit":"USD"\}\}' --notifications-with-subscribers '\[\{"Notification":\{"NotificationType":"ACTUAL".*"Address":"security@example.com"/,
        },
      ],
    },
    {
      name: 'a budget whose notification has no subscriber does not count',
      setup: (s) => (s.billing.budgets = ok([{ name: 'monthly', type: 'COST', notifications: [{ type: 'ACTUAL', threshold: 80, subscribers: 0 }] }])),
      expect: [{ status: 'FAIL', reason: /None of the 1 budget/ }],
    },
    {
      name: 'a usage budget is not a cost alert',
      setup: (s) => (s.billing.budgets = ok([{ name: 'ec2-hours', type: 'USAGE', notifications: [{ type: 'ACTUAL', threshold: 80, subscribers: 1 }] }])),
      expect: [{ status: 'FAIL' }],
    },
    {
      name: 'a billing alarm with no action does not count',
      setup: (s) => {
        s.billing.budgets = ok([]);
        s.alarms['us-east-1'] = ok([{ ...billingAlarm, actions: [] }]);
      },
      expect: [{ status: 'FAIL' }],
    },
    {
      name: 'no budget and us-east-1 alarms unreadable: NOT_ASSESSED',
      setup: (s) => {
        s.billing.budgets = ok([]);
        s.alarms['us-east-1'] = denied('cloudwatch:DescribeAlarms', 'us-east-1');
      },
      expect: [{ status: 'NOT_ASSESSED', reason: /cloudwatch:DescribeAlarms in us-east-1/ }],
    },
    {
      name: 'no budget and us-east-1 not scanned: NOT_ASSESSED, never FAIL on missing data',
      setup: (s) => {
        s.billing.budgets = ok([]);
        delete s.alarms['us-east-1'];
      },
      expect: [{ status: 'NOT_ASSESSED', reason: /not collected/ }],
    },
    {
      name: 'budgets denied and no billing alarm: NOT_ASSESSED',
      setup: (s) => (s.billing.budgets = denied('budgets:DescribeBudgets')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on budgets:DescribeBudgets/ }],
    },
  ],
});
