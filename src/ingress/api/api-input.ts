import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { hasBearerToken } from '../http/bearer-auth.js';
import { readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { RouteHandler } from '../http/route.js';
import { inputSentences } from './input-sentences.js';

const API_BODY_LIMIT = 64 * 1024;

/** The bearer tokens /api takes: `apiToken` sees public incidents only, `privateToken` (WARROOM_API_PRIVATE_TOKEN) sees every one. */
export interface ApiTokens {
  readonly apiToken: string | null;
  readonly privateToken: string | null;
}

/** An /api handler told whether its caller may see private incidents. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, params: Readonly<Record<string, string>>, seesPrivate: boolean) => Promise<void>;

/** Wraps an /api handler: authenticated before anything is read or parsed; without a configured token /api is closed. */
export function withApiToken(tokens: ApiTokens, handler: ApiHandler): RouteHandler {
  return async (req, res, params) => {
    const seesPrivate = hasBearerToken(req, tokens.privateToken);
    if (!seesPrivate && !hasBearerToken(req, tokens.apiToken)) {
      req.resume();
      const off = tokens.apiToken === null && tokens.privateToken === null;
      sendJson(res, 401, { error: off ? 'the API is off: set WARROOM_API_TOKEN' : 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    await handler(req, res, params, seesPrivate);
  };
}

/** A 400 listing every problem as a sentence that names its field (`problems`), joined in `error`. */
export function refuseInput(res: ServerResponse, problems: readonly string[]): void {
  sendJson(res, 400, { error: problems.join('; '), problems });
}

/**
 * The JSON body of an /api request, checked against `schema`; null once a 400 naming every
 * problem was sent. Every /api route that takes a body reads it here, so all word errors alike.
 */
export async function readApiInput<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S): Promise<z.output<S> | null> {
  const raw = await readBody(req, API_BODY_LIMIT);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    refuseInput(res, ['the body is not valid JSON']);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  refuseInput(res, inputSentences(schema, parsed.error));
  return null;
}
