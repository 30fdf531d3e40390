export interface WakeableSleep {
  /** Waits `ms`, or less if woken; returns at once if a wake came while not sleeping. */
  sleep(ms: number): Promise<void>;
  /** Ends the current sleep, or the next one if none is running (so no wake is missed). */
  wake(): void;
  /** Ends the current sleep, if any, without leaving a wake for the next one. */
  cancel(): void;
}

/** The idle wait of a polling worker that local events can cut short (used by the attach and room workers). */
export function createWakeableSleep(): WakeableSleep {
  let pendingWake = false;
  let end: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (pendingWake) {
          pendingWake = false;
          resolve();
          return;
        }
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          if (end === done) end = null; // an older sleep that ran out must not unhook a newer one
          resolve();
        }
        end = done;
      }),
    wake() {
      if (end) end();
      else pendingWake = true;
    },
    cancel() {
      end?.();
    },
  };
}
