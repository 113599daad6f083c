import { accessAnalyzerEnabled } from '../../../src/scan/checks/accessanalyzer/enabled.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(accessAnalyzerEnabled, {
  valid: [
    { name: 'active account analyzer in every region', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] },
    { name: 'an organization analyzer counts', setup: (s) => (s.accessAnalyzer['eu-west-1'] = ok([{ name: 'org', type: 'ORGANIZATION', status: 'ACTIVE' }])), expect: [{ status: 'PASS', region: 'eu-west-1' }] },
  ],
  invalid: [
    {
      name: 'none in one region',
      setup: (s) => (s.accessAnalyzer['eu-west-1'] = ok([])),
      expect: [{ status: 'FAIL', region: 'eu-west-1', fix: /aws accessanalyzer create-analyzer --analyzer-name ExternalAccess-eu-west-1 --type ACCOUNT --region eu-west-1/ }, { status: 'PASS', region: 'us-east-1' }],
    },
    {
      name: 'only an unused-access analyzer: not external access',
      setup: (s) => (s.accessAnalyzer['us-east-1'] = ok([{ name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' }])),
      expect: [{ status: 'FAIL', region: 'us-east-1', reason: /No external-access analyzer/ }],
    },
    { name: 'analyzer not ACTIVE', setup: (s) => (s.accessAnalyzer['us-east-1'] = ok([{ name: 'a', type: 'ACCOUNT', status: 'FAILED' }])), expect: [{ status: 'FAIL', reason: /FAILED, not ACTIVE/ }] },
    {
      name: 'ListAnalyzers denied in a region',
      setup: (s) => (s.accessAnalyzer['eu-west-1'] = denied('access-analyzer:ListAnalyzers', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1', reason: /access-analyzer:ListAnalyzers in eu-west-1/ }],
    },
  ],
});
