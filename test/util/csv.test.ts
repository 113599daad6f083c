import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from '../../src/util/csv.js';

describe('CSV (the IAM credential report)', () => {
  it('parses a header and rows, tolerating CRLF and a missing final newline', () => {
    assert.deepEqual(parseCsv('user,arn\r\n<root_account>,arn:aws:iam::1:root\r\nbob,arn:aws:iam::1:user/bob'), [
      { user: '<root_account>', arn: 'arn:aws:iam::1:root' },
      { user: 'bob', arn: 'arn:aws:iam::1:user/bob' },
    ]);
  });
  it('keeps commas and quotes inside quoted fields (IAM paths may hold them)', () => {
    assert.deepEqual(parseCsv('user,arn\nbob,"arn:aws:iam::1:user/a,b/""q""/bob"\n'), [{ user: 'bob', arn: 'arn:aws:iam::1:user/a,b/"q"/bob' }]);
  });
  it('returns nothing for an empty report', () => assert.deepEqual(parseCsv(''), []));
});
