/**
 * Recovery: what a person does after the cleanup, with the exact commands.
 * Nothing here is carried out by mamori: these steps change legitimate
 * credentials and settings, which the owners must do knowingly.
 */
import { sh } from '../util/shell.js';
import { stripControl } from '../report/sanitize.js';
import type { Investigation } from './investigate.js';
import type { Identification } from './contain.js';

export interface RecoveryStep {
  title: string;
  why: string;
  commands: string[];
}

export function recoveryChecklist(id: Identification, inv: Investigation, regions: string[]): RecoveryStep[] {
  const account = id.keyAccount ?? id.callerAccount;
  const owner = id.owner.kind === 'user' ? id.owner.name : undefined;
  const steps: RecoveryStep[] = [];
  if (owner && inv.subject.kind === 'key') {
    const u = sh(owner);
    steps.push({
      title: `Give ${owner} a new key, then delete the leaked one`,
      why: 'the leaked key is kept Inactive as evidence; delete it once the applications that used it run on the new key (never re-activate it)',
      commands: [`aws iam create-access-key --user-name ${u}`, `aws iam delete-access-key --user-name ${u} --access-key-id ${sh(inv.subject.accessKeyId)}`],
    });
  }
  if (inv.subject.kind === 'user') {
    const u = sh(inv.subject.userName);
    steps.push({
      title: `Give ${inv.subject.userName} a new password and MFA`,
      why: 'the old password is compromised; a new one with MFA closes the door the attacker used',
      commands: [`aws iam create-login-profile --user-name ${u} --password-reset-required --password "$(openssl rand -base64 24)"`, `aws iam list-mfa-devices --user-name ${u}`],
    });
  }
  steps.push({
    title: 'Rotate every other access key and password in the account',
    why: 'the attacker may have read other secrets (instance user data, Lambda environments, S3); the brief rotated every key and password after cleanup',
    commands: [
      'aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d',
      `for u in $(aws iam list-users --query 'Users[].UserName' --output text); do aws iam list-access-keys --user-name "$u" --output table; done`,
      'mamori scan   # lists every key by age and privilege',
    ],
  });
  steps.push({
    title: 'Remove the secret from the repository and its history',
    why: 'a key pushed once stays in git history and every clone; find every copy and purge it',
    commands: ['mamori secrets scan --history', 'git filter-repo --replace-text <(echo "<the leaked key id>==>REMOVED")   # then force-push and ask collaborators to re-clone'],
  });
  steps.push({
    title: 'Enable GuardDuty in every region where it is missing',
    why: 'attackers launch in every region at once; GuardDuty flagged the brief\'s miners (CryptoCurrency:EC2/BitcoinTool.B)',
    commands: [
      `for r in ${regions.map(sh).join(' ')}; do [ "$(aws guardduty list-detectors --region "$r" --query 'length(DetectorIds)' --output text)" = 0 ] && aws guardduty create-detector --enable --region "$r"; done`,
    ],
  });
  steps.push({
    title: 'Add a budget alarm',
    why: 'a bill alarm is the last line that catches what detection misses (the brief spent about $500 in the first hour)',
    commands: [
      `aws budgets create-budget --account-id ${sh(account)} --budget '{"BudgetName":"monthly-cost-guard","BudgetLimit":{"Amount":"100","Unit":"USD"},"TimeUnit":"MONTHLY","BudgetType":"COST"}' --notifications-with-subscribers '[{"Notification":{"NotificationType":"ACTUAL","ComparisonOperator":"GREATER_THAN","Threshold":80,"ThresholdType":"PERCENTAGE"},"Subscribers":[{"SubscriptionType":"EMAIL","Address":"security@example.com"}]}]'`,
    ],
  });
  steps.push({
    title: 'Open a billing case with AWS Support',
    why: 'AWS may adjust charges caused by a compromise once the account is secured; the case needs the timeline and the resources removed (attach this report)',
    commands: [
      '# console (any support plan): https://console.aws.amazon.com/support/home#/case/create — Account and billing > Billing > "Unauthorized activity / compromised account"',
      `aws support create-case --subject ${sh(`Unauthorized usage from a leaked access key in account ${account}`)} --service-code billing --category-code other --communication-body 'Timeline and cleanup attached.' --language en   # the Support API needs a Business or higher plan`,
    ],
  });
  if (inv.unhandled.length)
    steps.push({
      title: `Review ${inv.unhandled.length} change(s) mamori has no cleanup rule for`,
      why: 'they are listed in the report timeline; undo each by hand if it is the attacker\'s',
      commands: inv.unhandled.slice(0, 20).map((e) => stripControl(`# ${e.time} ${e.region} ${e.api} ${e.resource}`)),
    });
  return steps;
}
