import type { PolicyDocument } from '../snapshot.js';

/**
 * The AWS managed policies whose names alone mean "this principal can take
 * over the account". Their documents are used when GetAccountAuthorizationDetails
 * did not return them (it lists only what the caller may read); the
 * statements are the parts that decide the privilege class.
 */
export const PRIVILEGED_MANAGED: Record<string, { arnSuffix: string; document: PolicyDocument; why: string }> = {
  AdministratorAccess: {
    arnSuffix: 'policy/AdministratorAccess',
    why: 'full administrator: every action on every resource',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  PowerUserAccess: {
    arnSuffix: 'policy/PowerUserAccess',
    why: 'every service except IAM, Organizations and Account management: enough to run instances in every region',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: [
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
            'account:ListRegions',
            'account:GetAccountInformation',
          ],
          Resource: '*',
        },
      ],
    },
  },
  IAMFullAccess: {
    arnSuffix: 'policy/IAMFullAccess',
    why: 'full control of IAM: can create users and keys and grant itself any permission',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit', 'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:ListRoots', 'organizations:ListPolicies', 'organizations:ListTargetsForPolicy'],
          Resource: '*',
        },
      ],
    },
  },
};

export const READ_ONLY_MANAGED: Record<string, PolicyDocument> = {
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*', 's3:GetObject', 'cloudtrail:LookupEvents'], Resource: '*' }],
  },
  SecurityAudit: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*'], Resource: '*' }],
  },
};

export function awsManagedArn(name: string, partition = 'aws'): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** Document of a well-known AWS managed policy by ARN, if we know it. */
export function knownManagedDocument(arn: string): PolicyDocument | undefined {
  const m = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return PRIVILEGED_MANAGED[m[1]!]?.document ?? READ_ONLY_MANAGED[m[1]!];
}
