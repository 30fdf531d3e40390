/** A PagerDuty error answer: `{ "error": { "message", "code", "errors"? } }` with its HTTP status. */
export class PagerDutyRefusal extends Error {
  constructor(
    readonly status: number,
    readonly pdMessage: string,
    readonly pdCode: number,
    readonly errors?: string[],
  ) {
    super(pdMessage);
  }
}

export const invalid = (...errors: string[]): PagerDutyRefusal => new PagerDutyRefusal(400, 'Invalid Input Provided', 2001, errors);
export const notFound = (): PagerDutyRefusal => new PagerDutyRefusal(404, 'Not Found', 2100);
export const argumentsCausedError = (error: string): PagerDutyRefusal => new PagerDutyRefusal(400, 'Arguments Caused Error', 2002, [error]);
