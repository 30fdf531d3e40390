/**
 * The incident's call link (issue 21): a URL set for the incident, else `bridge.url` from the
 * config, a static URL or a template whose `{ref}` and `{channel}` are filled in per incident.
 */
import type { Incident } from './incident.js';

/** Slack's limit for a button's and a bookmark's URL. */
export const BRIDGE_URL_MAX = 3000;
export const BRIDGE_PLACEHOLDERS = ['ref', 'channel'] as const;
type Placeholder = (typeof BRIDGE_PLACEHOLDERS)[number];

// The longest value each placeholder can take: `INC-` and 15 digits; a channel name of 80 characters.
const LONGEST: Readonly<Record<Placeholder, string>> = { ref: `INC-${'9'.repeat(15)}`, channel: 'c'.repeat(80) };
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why `url` cannot be a call link (a sentence), or null when it can: http(s) and at most 3 000 characters. */
export function bridgeUrlProblem(url: string): string | null {
  if (url.length > BRIDGE_URL_MAX) return `must be at most ${BRIDGE_URL_MAX} characters`;
  if (/\s/.test(url)) return 'must be one URL without spaces';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL such as https://meet.example.com/incident';
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'must start with https:// or http://';
}

/** Why `template` cannot be `bridge.url`, or null: known placeholders only, and every expansion a valid link. */
export function bridgeTemplateProblem(template: string): string | null {
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !(BRIDGE_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) return `knows only the placeholders {ref} and {channel}, not {${unknown[0]?.slice(0, 40) ?? ''}}`;
  const problem = bridgeUrlProblem(fill(template, LONGEST));
  return problem === null ? null : `${problem} (with {ref} and {channel} filled in)`;
}

/** The template with each placeholder replaced by its value, URL-encoded (a placeholder is one path segment or query value). */
function fill(template: string, values: Readonly<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name === 'ref' || name === 'channel' ? encodeURIComponent(values[name]) : whole));
}

/**
 * The incident's call link: its own, else the template filled in; null when there is none, or
 * while the template names the channel and the incident has none yet.
 */
export function bridgeUrlOf(incident: Pick<Incident, 'ref' | 'channelName' | 'bridgeUrl'>, template: string | null): string | null {
  if (incident.bridgeUrl) return incident.bridgeUrl;
  if (template === null) return null;
  if (template.includes('{channel}') && incident.channelName === null) return null;
  return fill(template, { ref: incident.ref, channel: incident.channelName ?? '' });
}
