/**
 * Entry point of the AWS fake: `createFake(accounts)` installs it for every
 * service mamori calls; `fake.uninstall()` puts the real clients back.
 */
import { FakeAws, type FakeService } from './fake.js';
import type { FakeAccount } from './state.js';
import { iamService } from './services/iam.js';
import { stsService } from './services/sts.js';
import { ec2Service } from './services/ec2.js';
import { s3Service, s3ControlService } from './services/s3.js';
import { rdsService } from './services/rds.js';
import { lambdaService } from './services/lambda.js';
import { guardDutyService } from './services/guardduty.js';
import { cloudTrailService } from './services/cloudtrail.js';
import { logsService } from './services/logs.js';
import { cloudWatchService } from './services/cloudwatch.js';
import { snsService } from './services/sns.js';
import { budgetsService } from './services/budgets.js';
import { accountService } from './services/account.js';
import { accessAnalyzerService } from './services/accessanalyzer.js';
import { organizationsService } from './services/organizations.js';

export const SERVICES: FakeService[] = [
  iamService,
  stsService,
  ec2Service,
  s3Service,
  s3ControlService,
  rdsService,
  lambdaService,
  guardDutyService,
  cloudTrailService,
  logsService,
  cloudWatchService,
  snsService,
  budgetsService,
  accountService,
  accessAnalyzerService,
  organizationsService,
];

export function createFake(accounts: FakeAccount[]): FakeAws {
  return new FakeAws(SERVICES, accounts).install();
}

export { FakeAws, EXAMPLE_CREDENTIALS } from './fake.js';
export * from './state.js';
