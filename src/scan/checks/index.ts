/**
 * The registry: every check, one module each. Adding a check is adding its
 * file and one line here.
 */
import type { Check } from '../check.js';
import { rootMfaEnabled } from './iam/root-mfa-enabled.js';
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

export const CHECKS: Check[] = [
  rootMfaEnabled,
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
];
