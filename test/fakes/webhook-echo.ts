/**
 * The fakes' echo mode: a real provider tells its webhook subscribers about every change, including
 * the ones Warroom made itself. A fake in echo mode sends that webhook for each write it carried out,
 * to Warroom's real webhook endpoint, so a test can show Warroom never sends such a change back.
 */

/** One webhook the fake sent, and what Warroom answered (null: no answer, the request failed). */
export interface EchoedWebhook {
  readonly event: string;
  readonly status: number | null;
}

export interface WebhookEcho {
  /** Sends `body` with `headers` to the target, if echo mode is on; recorded in `sent()`. */
  send(event: string, body: string, headers: Record<string, string>): void;
  setTarget(url: string | null): void;
  readonly enabled: boolean;
  sent(): EchoedWebhook[];
  /** Resolves once every echo sent so far has been answered. */
  settled(): Promise<void>;
}

export function createWebhookEcho(): WebhookEcho {
  let target: string | null = null;
  const sent: EchoedWebhook[] = [];
  const pending = new Set<Promise<void>>();
  return {
    send(event, body, headers) {
      if (target === null) return;
      const record: { event: string; status: number | null } = { event, status: null };
      sent.push(record);
      const delivery = fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) })
        .then(async (res) => {
          await res.arrayBuffer();
          record.status = res.status;
        })
        .catch(() => undefined)
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    setTarget(url) {
      target = url;
    },
    get enabled() {
      return target !== null;
    },
    sent: () => sent.map((e) => ({ ...e })),
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
