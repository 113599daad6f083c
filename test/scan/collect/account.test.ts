import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAccount } from '../../../src/scan/collect/account.js';
import { setSecurityContact } from '../../fake/services/account.js';
import { newAccount, runCollector, value } from './detection-harness.js';

describe('collector account', () => {
  it('reads the security alternate contact', async () => {
    const a = newAccount();
    setSecurityContact(a, { EmailAddress: 'secops@example.com' });
    const { snap } = await runCollector(collectAccount, a);
    assert.deepEqual(value(snap.account_settings.securityContact), { name: 'Security team', email: 'secops@example.com', phone: '+1-555-0100' });
  });

  it('ResourceNotFoundException means "not set": null, not a failure', async () => {
    const { snap } = await runCollector(collectAccount, newAccount());
    assert.deepEqual(snap.account_settings.securityContact, { ok: true, value: null });
  });

  it('AccessDenied is a failed read', async () => {
    const a = newAccount();
    setSecurityContact(a);
    const { snap } = await runCollector(collectAccount, a, { faults: [{ api: 'account:GetAlternateContact', code: 'AccessDeniedException' }] });
    const r = snap.account_settings.securityContact;
    assert.equal(!r.ok && `${r.error.api} ${r.error.region} ${r.error.kind}`, 'account:GetAlternateContact global access-denied');
  });
});
