import { manual, type Check } from '../../check.js';
import { rootArn } from '../../iam/credential-report.js';

/** No API shows the Amazon.com side of the root login: always a manual item, never a PASS. */
export const manualAmazonLogin2sv: Check = {
  meta: {
    id: 'iam.manual-amazon-login-2sv',
    title: 'Amazon.com login sharing the root email has two-step verification (manual)',
    service: 'iam',
    severity: 'high',
    threat:
      'The root email and password can also be an Amazon.com login, and from the Amazon.com side payment options can be changed without passing AWS root MFA: that login needs its own two-step verification.',
  },
  run({ snap }) {
    return [
      manual(rootArn(snap), 'global', 'Not visible through any AWS API: check by hand whether an Amazon.com login uses the root email, and that it has two-step verification.', {
        console:
          'Open https://www.amazon.com in a private window → Sign in with the root user\'s email address. If a login exists: Account & Lists → Your Account → Login & security → 2-Step Verification → Turn on (prefer an authenticator app over SMS), and give it a password different from the AWS root password. ' +
          'If no Amazon.com login exists for that email, nothing to do; repeat this check whenever the root email changes.',
      }),
    ];
  },
};
