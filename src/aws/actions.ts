/**
 * The IAM action a user must grant for an API operation. Mostly
 * `<prefix>:<Operation>`; these are the ones AWS names differently (Service
 * Authorization Reference), so that a NOT_ASSESSED reason names the
 * permission to add, not an operation name IAM does not know.
 */
const RENAMED: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'budgets:DescribeBudgets': 'budgets:ViewBudget',
  'budgets:DescribeNotificationsForBudget': 'budgets:ViewBudget',
  'budgets:DescribeSubscribersForNotification': 'budgets:ViewBudget',
};

export function iamActionFor(api: string): string {
  return RENAMED[api] ?? api;
}
