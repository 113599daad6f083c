/**
 * The cleanup plan: exactly what the attacker's credentials created, as the
 * investigation found it in CloudTrail — nothing else. Order matters: a
 * security group is free once its instances are gone; a user goes last with
 * everything hanging off it.
 */
import { sh } from '../util/shell.js';
import {
  deleteAccessKey,
  deleteKeyPair,
  deleteLoginProfile,
  deleteSecurityGroup,
  deleteUser,
  deleteUserPolicy,
  detachUserPolicy,
  manual,
  terminateInstances,
  type Action,
} from './actions.js';
import type { CreatedResource } from './extract.js';
import type { Investigation } from './investigate.js';

const why = (r: CreatedResource) => `created by attacker credential ${r.createdBy} at ${r.createdAt} (event ${r.eventId})`;

export function planEradication(inv: Investigation): Action[] {
  const created = inv.created;
  const attackerUsers = new Set(created.filter((r) => r.type === 'iam:user').map((r) => r.id));
  const leaked = inv.subject.kind === 'key' ? inv.subject.accessKeyId : undefined;
  const regional: Action[] = [];
  const iam: Action[] = [];
  const users: Action[] = [];
  const manuals: Action[] = [];

  const instancesByRegion = new Map<string, CreatedResource[]>();
  for (const r of created.filter((r) => r.type === 'ec2:instance')) instancesByRegion.set(r.region, [...(instancesByRegion.get(r.region) ?? []), r]);
  for (const [region, list] of [...instancesByRegion].sort(([a], [b]) => a.localeCompare(b))) {
    const creators = [...new Set(list.map((r) => r.createdBy))].join(', ');
    regional.push(terminateInstances(region, list.map((r) => r.id), `launched by attacker credential(s) ${creators} (RunInstances, events ${[...new Set(list.map((r) => r.eventId))].join(', ')})`));
  }
  for (const r of created) {
    switch (r.type) {
      case 'ec2:security-group':
        regional.push(deleteSecurityGroup(r.region, r.id, r.name, why(r)));
        break;
      case 'ec2:key-pair':
        if (r.id.startsWith('key-')) regional.push(deleteKeyPair(r.region, r.id, r.name, why(r)));
        else manuals.push(manual(`key-pair:${r.region}:${r.id}`, r.region, `key pair ${r.id} in ${r.region}`, `aws ec2 delete-key-pair --region ${sh(r.region)} --key-name ${sh(r.id)}`, `${why(r)}; the event has no key pair id, so check the name is still the attacker's before deleting`));
        break;
      case 'iam:access-key':
        // The leaked key stays, deactivated, as evidence; keys on a user being deleted go with the user.
        if (r.id !== leaked && !attackerUsers.has(r.userName ?? '')) iam.push(deleteAccessKey(r.userName!, r.id, why(r)));
        break;
      case 'iam:login-profile':
        if (!attackerUsers.has(r.userName ?? '')) {
          iam.push(deleteLoginProfile(r.userName!, `${why(r)}; a console password is a way back in`, 'eradicate'));
        }
        break;
      case 'iam:user-policy':
        if (!attackerUsers.has(r.userName ?? ''))
          iam.push(deleteUserPolicy(r.userName!, r.name!, `${why(r)}; if a policy of this name existed before, restore it instead of deleting`));
        break;
      case 'iam:user-policy-attachment':
        if (!attackerUsers.has(r.userName ?? '')) iam.push(detachUserPolicy(r.userName!, r.name!, why(r)));
        break;
      case 'iam:user':
        users.push(deleteUser(r.id, why(r)));
        break;
      case 'iam:role':
        manuals.push(manual(`role:${r.id}`, 'global', `role ${r.id}`, `aws iam delete-role --role-name ${sh(r.id)}   # after detaching its policies and removing it from instance profiles`, why(r)));
        break;
      case 'iam:policy':
        manuals.push(manual(`policy:${r.id}`, 'global', `policy ${r.id}`, `aws iam delete-policy --policy-arn ${sh(r.id)}   # after detaching it and deleting its non-default versions`, why(r)));
        break;
      case 'iam:service-specific-credential':
        if (!attackerUsers.has(r.userName ?? ''))
          manuals.push(manual(`ssc:${r.id}`, 'global', `service-specific credential ${r.id} of user ${r.userName}`, `aws iam delete-service-specific-credential --user-name ${sh(r.userName!)} --service-specific-credential-id ${sh(r.id)}`, `${why(r)}; it keeps working after the key is deactivated`));
        break;
      case 'iam:ssh-public-key':
        if (!attackerUsers.has(r.userName ?? ''))
          manuals.push(manual(`ssh:${r.id}`, 'global', `SSH public key ${r.id} of user ${r.userName}`, `aws iam delete-ssh-public-key --user-name ${sh(r.userName!)} --ssh-public-key-id ${sh(r.id)}`, `${why(r)}; CodeCommit access that survives the key's deactivation`));
        break;
      case 'iam:role-trust-policy':
        manuals.push(manual(`trust:${r.id}:${r.eventId}`, 'global', `trust policy of role ${r.id}`, `aws iam get-role --role-name ${sh(r.id)} --query Role.AssumeRolePolicyDocument   # compare with event ${r.eventId}, then: aws iam update-assume-role-policy --role-name ${sh(r.id)} --policy-document file://previous-trust.json`, `${why(r)}; the attacker rewrote who may assume this role — restore the previous trust policy`));
        break;
      case 'lambda:function':
        manuals.push(manual(`lambda:${r.region}:${r.id}`, r.region, `Lambda function ${r.id} in ${r.region}`, `aws lambda delete-function --region ${sh(r.region)} --function-name ${sh(r.id)}`, why(r)));
        break;
      case 'ec2:snapshot':
        manuals.push(manual(`snapshot:${r.region}:${r.id}`, r.region, `snapshot ${r.id} in ${r.region}`, `aws ec2 delete-snapshot --region ${sh(r.region)} --snapshot-id ${sh(r.id)}`, why(r)));
        break;
      case 'ec2:volume':
        manuals.push(manual(`volume:${r.region}:${r.id}`, r.region, `volume ${r.id} in ${r.region}`, `aws ec2 delete-volume --region ${sh(r.region)} --volume-id ${sh(r.id)}`, why(r)));
        break;
      case 'ec2:image':
        manuals.push(manual(`image:${r.region}:${r.id}`, r.region, `image ${r.id} in ${r.region}`, `aws ec2 deregister-image --region ${sh(r.region)} --image-id ${sh(r.id)}`, why(r)));
        break;
      default:
        break;
    }
  }
  // Instances first in each region, then groups, then key pairs.
  const rank = (a: Action) => ['terminate-instances', 'delete-security-group', 'delete-key-pair'].indexOf(a.kind);
  regional.sort((a, b) => a.region.localeCompare(b.region) || rank(a) - rank(b));
  return [...regional, ...iam, ...users, ...manuals];
}
