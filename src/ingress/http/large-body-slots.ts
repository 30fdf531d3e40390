/** A body over this size is "large": only a bounded number of them are buffered at once. */
export const LARGE_BODY_BYTES = 1024 * 1024;

/** Thrown when a large body would need a slot and all are taken: the ingress answers 503 + Retry-After. */
export class LargeBodiesBusyError extends Error {
  readonly status = 503;
  constructor(readonly slots: number) {
    super(`already buffering ${slots} bodies over ${LARGE_BODY_BYTES} bytes`);
  }
}

/** One request's claim on the process-wide budget of large bodies. */
export interface BodyLease {
  /**
   * The body is (or is declared to be) `bytes` long: past LARGE_BODY_BYTES this takes a slot, or
   * throws LargeBodiesBusyError when none is free. Calling it again as the body grows is cheap.
   */
  grow(bytes: number): void;
  /** Gives the slot back (idempotent); call it once the buffered body is no longer needed. */
  release(): void;
}

export interface LargeBodySlots {
  lease(): BodyLease;
  inUse(): number;
}

/**
 * Bounds how many bodies over 1 MiB the process holds at once (DESIGN §5): each can be up to
 * 16 MiB (Alertmanager), so without a bound a burst of large posts costs memory without limit.
 * `onChange` reports the count (a gauge) so operators and tests can see the slots in use.
 */
export function createLargeBodySlots(slots: number, onChange: (inUse: number) => void = () => {}): LargeBodySlots {
  let inUse = 0;
  return {
    inUse: () => inUse,
    lease() {
      let holding = false;
      return {
        grow(bytes) {
          if (holding || bytes <= LARGE_BODY_BYTES) return;
          if (inUse >= slots) throw new LargeBodiesBusyError(slots);
          holding = true;
          onChange(++inUse);
        },
        release() {
          if (!holding) return;
          holding = false;
          onChange(--inUse);
        },
      };
    },
  };
}
