/** One hypothesis check's outcome. */
export interface CheckResult {
  readonly name: string;
  /** True when the query returned a non-empty, non-zero result; null when it could not run. */
  readonly holds: boolean | null;
  readonly value: number | null;
  readonly error: string | null;
}
