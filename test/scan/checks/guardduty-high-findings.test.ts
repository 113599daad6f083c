import { guardDutyHighFindings } from '../../../src/scan/checks/guardduty/high-findings.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const miner = { type: 'CryptoCurrency:EC2/BitcoinTool.B', severity: 8, count: 40, title: 'EC2 instance is querying a domain name associated with Bitcoin.' };

checkTester(guardDutyHighFindings, {
  valid: [{ name: 'no active high findings', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] }],
  invalid: [
    {
      name: 'the miner of the brief is critical, with type and count',
      setup: (s) => (s.guardduty['eu-west-1'] = ok({ detectors: [{ id: 'd1', status: 'ENABLED' }], highFindings: ok([miner]) })),
      expect: [{ status: 'FAIL', region: 'eu-west-1', resource: /detector\/d1\/finding-type\/CryptoCurrency:EC2\/BitcoinTool\.B$/, reason: /40 active findings CryptoCurrency:EC2\/BitcoinTool\.B \(severity 8\)/, fix: /get-findings --detector-id d1 --region eu-west-1/ }],
    },
    {
      name: 'one FAIL per finding type; IAM credential abuse is critical, other high findings high',
      setup: (s) =>
        (s.guardduty['us-east-1'] = ok({
          detectors: [{ id: 'd1', status: 'ENABLED' }],
          highFindings: ok([
            { type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', severity: 8, count: 1, title: 'Credentials used outside AWS' },
            { type: 'Recon:EC2/PortProbeUnprotectedPort', severity: 7, count: 2, title: 'Port probe' },
          ]),
        })),
      expect: [
        { status: 'FAIL', region: 'us-east-1', resource: /UnauthorizedAccess:IAMUser/ },
        { status: 'FAIL', region: 'us-east-1', resource: /Recon:EC2/ },
      ],
    },
    {
      name: 'findings unreadable while detectors are readable is NOT_ASSESSED',
      setup: (s) => (s.guardduty['us-east-1'] = ok({ detectors: [{ id: 'd1', status: 'ENABLED' }], highFindings: denied('guardduty:ListFindings', 'us-east-1') })),
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1', reason: /AccessDenied on guardduty:ListFindings in us-east-1/ }],
    },
    {
      name: 'no enabled detector: nothing to read, NOT_ASSESSED rather than a clean PASS',
      setup: (s) => (s.guardduty['eu-west-1'] = ok({ detectors: [], highFindings: ok([]) })),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1', reason: /not enabled in eu-west-1/ }],
    },
  ],
});
