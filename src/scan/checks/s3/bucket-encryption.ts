import { fail, notAssessed, pass, withRead, type Check } from '../../check.js';
import { sh } from '../../../util/shell.js';

const SSE_S3 = JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });

export const s3BucketEncryption: Check = {
  meta: {
    id: 's3.bucket-encryption',
    title: 'S3 buckets have default encryption',
    service: 's3',
    // Since January 2023 S3 encrypts every new object with SSE-S3 whatever the bucket says, so a gap here is rare and small.
    severity: 'low',
    threat:
      'Objects written without default encryption sit unencrypted at rest; with SSE-KMS a stolen copy also needs kms:Decrypt, a second permission an intruder with only S3 access lacks.',
    pci: '3.5.1',
  },
  run({ snap }) {
    const all = `arn:${snap.account.partition}:s3:::*`;
    if (!snap.s3.buckets.ok) return [notAssessed(all, 'global', snap.s3.buckets.error)];
    if (snap.s3.buckets.value.length === 0) return [pass(all, 'global', 'The account has no buckets.')];
    return snap.s3.buckets.value.flatMap((b) => {
      const resource = `arn:${snap.account.partition}:s3:::${b.name}`;
      return withRead(b.encryption, resource, b.region, (alg) => {
        if (alg) return [pass(resource, b.region, `Default encryption ${alg}.`)];
        return [
          fail(resource, b.region, 'No default encryption configuration (S3 still applies SSE-S3 to new objects since 2023; older objects may be unencrypted).', {
            cli: `aws s3api put-bucket-encryption --bucket ${sh(b.name)} --server-side-encryption-configuration ${sh(SSE_S3)} --region ${sh(b.region)}`,
          }),
        ];
      });
    });
  },
};
