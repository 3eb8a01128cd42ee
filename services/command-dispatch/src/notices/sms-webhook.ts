import type { SmsWebhookMessage } from '@yiti/contracts';

/** The outcome of one post to the county's SMS gateway. */
export type WebhookOutcome = { ok: true } | { ok: false; reason: string };

/**
 * 外发通道适配器 The outbound channel adapter: posts one message to the county's SMS gateway webhook
 * as JSON, with the delivery id as Idempotency-Key so a retried delivery is recognised. 2xx is sent;
 * anything else (or no answer within the timeout) is a failure with its reason.
 */
export async function postToWebhook(url: string, message: SmsWebhookMessage, timeoutMs = 5_000): Promise<WebhookOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': message.deliveryId },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { ok: true } : { ok: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.name : 'error' };
  }
}
