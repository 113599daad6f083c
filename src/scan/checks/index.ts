/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { manualAmazonLogin2sv } from './iam/manual-amazon-login-2sv.js';
import { manualRootContactPhone } from './iam/manual-root-contact-phone.js';
import { manualRootTotpBackup } from './iam/manual-root-totp-backup.js';
import { passwordPolicy } from './iam/password-policy.js';
import { rootAccessKeys } from './iam/root-access-keys.js';
import { rootHardwareMfa } from './iam/root-hardware-mfa.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';
import { rootMultipleMfa } from './iam/root-multiple-mfa.js';
import { rootRecentUse } from './iam/root-recent-use.js';
import { rootSigningCertificates } from './iam/root-signing-certificates.js';
import { userConsoleMfa } from './iam/user-console-mfa.js';
import { userKeyNeverUsed } from './iam/user-key-never-used.js';
import { userKeyRotation } from './iam/user-key-rotation.js';
import { userKeyUnused } from './iam/user-key-unused.js';
import { userTwoActiveKeys } from './iam/user-two-active-keys.js';
import { userUnusedCredentials } from './iam/user-unused-credentials.js';
import { privilegedPrincipals } from './iam/privileged-principals.js';
import { fullAdminPolicy } from './iam/full-admin-policy.js';
import { s3AccountPublicAccessBlock } from './s3/account-public-access-block.js';
import { s3BucketPublic } from './s3/bucket-public.js';
import { s3BucketEncryption } from './s3/bucket-encryption.js';
import { ec2SgOpenAdminPorts } from './ec2/sg-open-admin-ports.js';
import { ec2DefaultSgRestricted } from './ec2/default-sg-restricted.js';
import { ec2Imdsv2Required } from './ec2/imdsv2-required.js';
import { ec2EbsDefaultEncryption } from './ec2/ebs-default-encryption.js';
import { ec2PublicEbsSnapshots } from './ec2/public-ebs-snapshots.js';
import { rdsPublicSnapshots } from './rds/public-snapshots.js';
import { lambdaEnvCredentials } from './lambda/env-credentials.js';
import { lambdaUrlAuthNone } from './lambda/url-auth-none.js';
import { guardDutyEnabled } from './guardduty/enabled.js';
import { guardDutyHighFindings } from './guardduty/high-findings.js';
import { cloudTrailMultiRegion } from './cloudtrail/multi-region.js';
import { cloudTrailLogFileValidation } from './cloudtrail/log-file-validation.js';
import { cloudTrailCloudWatchLogs } from './cloudtrail/cloudwatch-logs.js';
import { ALARM_CHECKS } from './cloudwatch/chain.js';
import { billingBudgetAlarm } from './billing/budget-alarm.js';
import { accountSecurityContact } from './account/security-contact.js';
import { accessAnalyzerEnabled } from './accessanalyzer/enabled.js';

export const CHECKS: Check[] = [
  rootMfaEnabled,
  rootHardwareMfa,
  rootMultipleMfa,
  rootAccessKeys,
  rootRecentUse,
  rootSigningCertificates,
  userConsoleMfa,
  userKeyRotation,
  userKeyUnused,
  userTwoActiveKeys,
  userKeyNeverUsed,
  userUnusedCredentials,
  passwordPolicy,
  manualAmazonLogin2sv,
  manualRootTotpBackup,
  manualRootContactPhone,
  privilegedPrincipals,
  fullAdminPolicy,
  s3AccountPublicAccessBlock,
  s3BucketPublic,
  s3BucketEncryption,
  ec2SgOpenAdminPorts,
  ec2DefaultSgRestricted,
  ec2Imdsv2Required,
  ec2EbsDefaultEncryption,
  ec2PublicEbsSnapshots,
  rdsPublicSnapshots,
  lambdaEnvCredentials,
  lambdaUrlAuthNone,
  guardDutyEnabled,
  guardDutyHighFindings,
  cloudTrailMultiRegion,
  cloudTrailLogFileValidation,
  cloudTrailCloudWatchLogs,
  ...ALARM_CHECKS,
  billingBudgetAlarm,
  accountSecurityContact,
  accessAnalyzerEnabled,
];
