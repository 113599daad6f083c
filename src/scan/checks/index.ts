/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';
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
