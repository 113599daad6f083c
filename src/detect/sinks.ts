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
import { alertFingerprint } from './output.js';
import { abortableSleep } from '../util/sleep.js';

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

export interface WebhookOptions {
  fetch?: typeof fetch;
  /** POSTs per alert at most, when the endpoint answers 429 or 5xx. Default 4. */
  maxAttempts?: number;
  /** Longest wait before a retry, ms: a longer Retry-After is cut to it. Default 30 s. */
  maxWaitMs?: number;
  /** A stop (Ctrl-C): ends a wait between attempts, and the alert is reported undelivered. */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Retry-After: delay-seconds, or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A Slack-compatible webhook. A rate limit (429) or a server error (5xx) is
 * retried, up to `maxAttempts` POSTs, after the Retry-After the endpoint asks
 * for (Slack sends one with its 429s) or else 1, 2, 4 s, never more than
 * `maxWaitMs` at a time. Any other answer is final: a 4xx will not change by
 * asking again, and a redirect is not followed. Retrying makes delivery
 * at-least-once (a proxy's 5xx may follow a POST the receiver took): every
 * attempt carries the alert's fingerprint as `Idempotency-Key`, the same for
 * the same alert, so a receiver of its own can drop the repeat (Slack does not).
 */
export function webhookSink(url: string, opts: WebhookOptions = {}): AlertSink {
  const fetchImpl = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? abortableSleep;
  const now = opts.now ?? Date.now;
  const maxAttempts = opts.maxAttempts ?? 4;
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
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
      const body = JSON.stringify({ text: slackEscape(summaryLine(a)), alert: a });
      const alertHeaders = { ...headers, 'idempotency-key': alertFingerprint(a) };
      for (let attempt = 1; ; attempt++) {
        const res = await fetchImpl(target, {
          method: 'POST',
          headers: alertHeaders,
          body,
          signal: AbortSignal.timeout(10_000),
          // Followed, a 301/302/303 turns the POST into a GET without the alert, answered 200: a silent loss.
          redirect: 'manual',
        });
        if (res.ok) return;
        // The answer's body is not needed; reading it frees the connection for the next POST.
        await res.arrayBuffer().catch(() => undefined);
        const failure = `webhook answered HTTP ${res.status}${attempt > 1 ? ` (${attempt} attempts)` : ''}`;
        if (!(res.status === 429 || (res.status >= 500 && res.status <= 599)) || attempt >= maxAttempts) throw new Error(failure);
        const wait = Math.min(maxWaitMs, retryAfterMs(res.headers.get('retry-after'), now()) ?? 1000 * 2 ** (attempt - 1));
        if (!opts.signal?.aborted) await sleep(wait, opts.signal);
        if (opts.signal?.aborted) throw new Error(`${failure}; stopped before retrying`);
      }
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
