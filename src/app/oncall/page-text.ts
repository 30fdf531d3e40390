import type { Incident } from '../../core/incident.js';

/**
 * What a page says (its title and details). A private incident's title and services stay out of it:
 * a paging provider shows its incidents to everyone with access to that service, which is wider
 * than the private channel the incident was moved into; the ref, severity and status are enough
 * to find it in Slack.
 */
export function pageText(
  incident: Incident,
  /** Said as the service when the incident names none (the page's target key). */
  fallbackService: string,
  /** Break-glass (Slack is unreachable): the scope headline, or 'unknown'; null for a normal page. */
  breakGlass: string | null,
  /** Why this page (a failover, an escalation), if anything. */
  reason: string | null,
  /** Break-glass: what the page says about the fallback room (its link, or why there is none). */
  roomLine: string | null = null,
): { title: string; details: string } {
  const head = `${incident.ref} ${incident.severity}`;
  const unreachable = breakGlass ? 'Slack is unreachable, so Warroom pages you directly. ' : '';
  const why = `${reason ? ` ${reason}` : ''}${roomLine ? ` ${roomLine}` : ''}`;
  if (incident.private === true) {
    return {
      title: breakGlass ? `${head}: Slack is unreachable — a private incident` : `${head}: a private incident`,
      details: `${unreachable}Warroom incident ${incident.ref} (${incident.severity}, ${incident.status}) is private: its title and services are kept out of pages; see its Slack channel.${why}`,
    };
  }
  const scope = breakGlass && breakGlass !== 'unknown' ? ` Scope: ${breakGlass}.` : '';
  return {
    title: breakGlass ? `${head}: Slack is unreachable — ${incident.title}` : `${head}: ${incident.title}`,
    details: `${unreachable}Warroom incident ${incident.ref} (${incident.severity}, ${incident.status}). Services: ${incident.services.join(', ') || fallbackService}.${scope}${why}`,
  };
}
