import { regexMatches, type Rule } from './rule.js';

const KEY = /\b((?:sk|rk)_(live|test)_[0-9A-Za-z]{20,247})\b/g;

export const stripeKey: Rule = {
  id: 'stripe-key',
  title: 'Stripe secret key',
  description: 'A Stripe secret or restricted key: charges, refunds and customer payment data. Test-mode keys are reported at lower severity.',
  severity: 'critical',
  keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
  find: (text) =>
    regexMatches(text, KEY, 1, (value, m) => ({ index: m.index!, value, ...(m[2] === 'test' ? { severity: 'medium' as const } : {}) })),
};
