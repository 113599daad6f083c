/**
 * Entry point of the AWS fake: `createFake(accounts)` installs it for every
 * service mamori calls; `fake.uninstall()` puts the real clients back.
 */
import { FakeAws, type FakeService } from './fake.js';
import type { FakeAccount } from './state.js';
import { iamService } from './services/iam.js';
import { stsService } from './services/sts.js';
import { ec2Service } from './services/ec2.js';
import { cloudTrailService } from './services/cloudtrail.js';

export const SERVICES: FakeService[] = [iamService, stsService, ec2Service, cloudTrailService];

export function createFake(accounts: FakeAccount[]): FakeAws {
  return new FakeAws(SERVICES, accounts).install();
}

export { FakeAws, EXAMPLE_CREDENTIALS } from './fake.js';
export * from './state.js';
