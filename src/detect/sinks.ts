/**
 * Where `mamori watch` sends new alerts: stdout, a JSON Lines file, a
 * Slack-compatible webhook, an SNS topic. Alert text comes partly from the
 * attacker (names, user agents): it is stripped of control sequences, and
 * for Slack the characters that form links and mentions are escaped.
 */
import { appendFileSync } from 'node:fs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Aws } from '../aws/clients.js';
import { jsonText, stripControl } from '../report/sanitize.js';
import type { Alert } from './alert.js';

export interface AlertSink {
  name: string;
  send(alert: Alert): Promise<void>;
}

export function summaryLine(a: Alert): string {
  return stripControl(
    `[${a.severity.toUpperCase()}] ${a.title} — ${a.principal}` +
      (a.accessKeyIds.length ? ` key ${a.accessKeyIds.join(', ')}` : '') +
      (a.sourceIps.length ? ` from ${a.sourceIps.slice(0, 3).join(', ')}` : '') +
      (a.regions.length ? ` in ${a.regions.slice(0, 5).join(', ')}` : '') +
      ` (${a.count} event${a.count === 1 ? '' : 's'}, ${a.firstSeen ?? '?'} .. ${a.lastSeen ?? '?'}). Next: ${a.nextStep}`,
  );
}

export function streamSink(write: (s: string) => void, format: 'terminal' | 'jsonl'): AlertSink {
  return { name: 'stdout', send: async (a) => write(format === 'jsonl' ? jsonText(a) : summaryLine(a) + '\n') };
}

export function jsonlFileSink(path: string): AlertSink {
  return { name: `file ${path}`, send: async (a) => appendFileSync(path, jsonText(a), { mode: 0o600 }) };
}

/** Slack mrkdwn: &, < and > start entities, links and @mentions (<!channel>). */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webhookSink(url: string, fetchImpl: typeof fetch = fetch): AlertSink {
  // fetch refuses a URL with credentials, and says so with the URL, password included, in its
  // message (printed for every alert): they are sent as HTTP Basic authentication instead.
  const target = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = target.password = '';
  }
  return {
    name: `webhook ${target.host}`,
    async send(a) {
      const res = await fetchImpl(target, {
        method: 'POST',
        headers,
        body: JSON.stringify({ text: slackEscape(summaryLine(a)), alert: a }),
        signal: AbortSignal.timeout(10_000),
        // Followed, a 301/302/303 turns the POST into a GET without the alert, answered 200: a silent loss.
        redirect: 'manual',
      });
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    },
  };
}

export function snsSink(aws: Aws, topicArn: string): AlertSink {
  const region = topicArn.split(':')[3] || aws.homeRegion;
  return {
    name: `sns ${topicArn}`,
    async send(a) {
      // Subject: fewer than 100 characters, no line breaks or control characters (kept to printable ASCII).
      const subject = `mamori ${a.severity}: ${a.title}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 99);
      await aws.send(SNSClient, region, new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: JSON.stringify({ summary: summaryLine(a), alert: a }) }));
    },
  };
}
