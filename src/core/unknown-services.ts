import { closestName } from './closest-name.js';

/**
 * One sentence per requested service that is not configured (warroom.yml `services`) nor in
 * `alreadyNamed` (an incident keeps the services it already has): a close name when there is one,
 * else the configured ones. Empty when every service is known. Shared by every way to name an
 * incident's services (API declare and PATCH, Slack declare), so they refuse in the same words.
 */
export function unknownServiceSentences(requested: readonly string[], configured: readonly string[], alreadyNamed: readonly string[] = []): string[] {
  const known = [...new Set([...configured, ...alreadyNamed])];
  return requested
    .filter((s) => !known.includes(s))
    .map((s) => {
      const close = closestName(s, known);
      if (close !== undefined) return `unknown service "${s}" (did you mean "${close}"?)`;
      return configured.length > 0 ? `unknown service "${s}" (configured: ${configured.join(', ')})` : `unknown service "${s}" (no services are configured in warroom.yml)`;
    });
}
