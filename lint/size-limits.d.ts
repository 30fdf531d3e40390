// Types of lint/size-limits.js (plain JS so that eslint.config.js can import it without a loader).
export declare const MAX_LINES: number;
export declare const MAX_LINES_PER_FUNCTION: number;
export declare const SIZE_RULES: import('eslint').Linter.RulesRecord;
export declare const OVERSIZED: Readonly<Record<string, ReadonlyArray<'max-lines' | 'max-lines-per-function'>>>;
export declare const ALLOWED_AT_MOST: number;
