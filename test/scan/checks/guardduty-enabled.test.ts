import { guardDutyEnabled } from '../../../src/scan/checks/guardduty/enabled.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(guardDutyEnabled, {
  valid: [
    { name: 'a detector enabled in every region', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] },
    {
      name: 'one enabled detector among suspended ones is enough',
      setup: (s) => (s.guardduty['eu-west-1'] = ok({ detectors: [{ id: 'old', status: 'DISABLED' }, { id: 'd2', status: 'ENABLED' }], highFindings: ok([]) })),
      expect: [{ status: 'PASS', region: 'eu-west-1', resource: /detector\/d2$/ }],
    },
  ],
  invalid: [
    {
      name: 'no detector in one region fails that region only, with create-detector for it',
      setup: (s) => (s.guardduty['eu-west-1'] = ok({ detectors: [], highFindings: ok([]) })),
      expect: [
        { status: 'FAIL', region: 'eu-west-1', reason: /no detector in eu-west-1/, fix: /^aws guardduty create-detector --enable .*--region eu-west-1\n/ },
        { status: 'PASS', region: 'us-east-1' },
      ],
    },
    {
      name: 'a suspended detector is re-enabled, not duplicated',
      setup: (s) => (s.guardduty['us-east-1'] = ok({ detectors: [{ id: 'abc123', status: 'DISABLED' }], highFindings: ok([]) })),
      expect: [{ status: 'FAIL', region: 'us-east-1', reason: /DISABLED/, fix: /update-detector --detector-id abc123 --enable --region us-east-1/ }],
    },
    {
      name: 'ListDetectors denied in a region is NOT_ASSESSED there, never PASS',
      setup: (s) => (s.guardduty['eu-west-1'] = denied('guardduty:ListDetectors', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1', reason: /AccessDenied on guardduty:ListDetectors in eu-west-1/ }, { status: 'PASS', region: 'us-east-1' }],
    },
    {
      name: 'a region that was not collected is NOT_ASSESSED',
      setup: (s) => delete s.guardduty['us-east-1'],
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1', reason: /not collected/ }],
    },
  ],
});
