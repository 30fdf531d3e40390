/**
 * Webhook deliveries: verified and parsed by a provider's source, stored byte-exact before the 202,
 * then handed to the attach worker (AttachWakeUp).
 */
import type { AlertProvider, AlertSignal } from '../../core/alert.js';

export type HeaderValue = string | string[] | undefined;

export type Headers = Readonly<Record<string, HeaderValue>>;

/** A webhook delivery after parsing: what is stored before the 202. */
export interface ParsedDelivery {
  /** Stable across the provider's retries; the database refuses a second row with it. */
  readonly deliveryId: string;
  /** The provider's event or action name (`incident.triggered`, `Create`, `Triggered`, `firing`). */
  readonly eventType: string;
  /** Alerts carried by the delivery; empty for event types Warroom stores but does not act on. */
  readonly signals: readonly AlertSignal[];
}

export type ParseOutcome = { readonly ok: true; readonly delivery: ParsedDelivery } | { readonly ok: false; readonly reason: string };

/**
 * One alerting provider's webhook: authentication and parsing (adapters/<provider>/verify.ts and
 * parse.ts). The ingress calls authenticate before parse, and parse only on an authenticated body.
 */
export interface WebhookSource {
  readonly provider: AlertProvider;
  readonly bodyLimitBytes: number;
  /**
   * Checked before the body is read, so an anonymous caller cannot make Warroom buffer it: a
   * provider authenticated by a header token checks the token here (constant time); one that
   * signs the body checks that a well-formed signature header is present.
   */
  authenticateHeaders(headers: Headers): boolean;
  /** The full check, once the body is read (a body signature is verified here). */
  authenticate(headers: Headers, rawBody: Buffer): boolean;
  parse(rawBody: Buffer, headers: Headers): ParseOutcome;
}

/** Webhook deliveries, stored byte-exact with their parsed signals before the 202. */
export interface DeliveryStore {
  /** One row per (provider, delivery id): 'duplicate' when it was stored before, with no other effect. */
  record(provider: AlertProvider, delivery: ParsedDelivery, raw: Buffer, receivedAt: Date): Promise<'stored' | 'duplicate'>;
  /**
   * The attach queue: the oldest deliveries whose alerts are not attached yet and that are not
   * waiting out a failure, oldest first.
   */
  pending(limit: number): Promise<PendingDelivery[]>;
  /** An attach failed for a reason other than the database: wait (growing backoff), keep the error. */
  deferAttach(provider: AlertProvider, deliveryId: string, error: string): Promise<{ attempts: number; retryInSeconds: number }>;
}

export interface PendingDelivery {
  readonly provider: AlertProvider;
  readonly deliveryId: string;
  /**
   * The grouping key every signal of the delivery carries, or null when they carry several: a hint
   * that lets the attach worker take the deliveries of one hot key together (attach re-checks it).
   */
  readonly key: string | null;
}

/**
 * Wakes this process's attach worker once a delivery is stored, so it is attached now rather than
 * at the worker's next poll (which is how the other replicas find it).
 */
export interface AttachWakeUp {
  wake(): void;
}
