import type { HomeView, KnownBlock } from '@slack/types';
import type { IncidentAlerts } from '../../core/alert.js';
import type { Incident } from '../../core/incident.js';
import { ACTIONS } from '../ids.js';
import { isOpen } from '../../core/status.js';
import { channelMention } from '../blocks/channel-mention.js';
import { escapeWithin } from '../blocks/escape-within.js';
import { LIST_PAGE_SIZE, moreNote, worstFirst } from '../blocks/list-page.js';
import { oneLine } from '../blocks/one-line.js';
import { plainText } from '../blocks/plain-text.js';
import { roomGoneNote } from '../blocks/room-gone-note.js';
import { severityEmoji } from '../blocks/severity-emoji.js';
import { SLACK_LIMITS } from '../blocks/slack-limits.js';
import { statusEmoji } from '../blocks/status-emoji.js';
import { userMention } from '../blocks/user-mention.js';

/** The first page of `/incident list` (two blocks per incident and a few fixed ones stay under a view's 100 blocks); the note points to the next one. */
const SHOWN = LIST_PAGE_SIZE;

/** The App Home tab: a "Declare incident" button, then the open incidents, worst first. */
export function appHome(input: { incidents: readonly { incident: Incident; alerts: IncidentAlerts }[] }): HomeView {
  const open = worstFirst(input.incidents.filter(({ incident }) => isOpen(incident.status)));

  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText('Warroom', SLACK_LIMITS.headerText) },
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTIONS.declare, style: 'primary', value: 'home', text: plainText('Declare incident', SLACK_LIMITS.buttonText) }],
    },
    { type: 'divider' },
  ];

  if (open.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: No open incidents.' } });
    return { type: 'home', blocks };
  }

  // Drills are listed (people take part in them) but not counted as incidents.
  const drills = open.filter(({ incident }) => incident.drill).length;
  const count = `*Open incidents (${open.length - drills})*${drills > 0 ? ` · ${drills} drill${drills === 1 ? '' : 's'} running` : ''}`;
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: count } });
  for (const { incident, alerts } of open.slice(0, SHOWN)) {
    const gone = roomGoneNote(incident);
    const channel =
      gone ?? channelMention(incident.channelId) ?? (incident.channelName ? `#${escapeWithin(oneLine(incident.channelName), 80)}` : 'no channel yet');
    const drill = incident.drill ? ' [DRILL]' : '';
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${severityEmoji(incident.severity)} *${incident.ref}*${drill} ${escapeWithin(oneLine(incident.title), 300)}\n${incident.severity} · ${statusEmoji(incident.status)} ${incident.status} · Commander: ${userMention(incident.roles.commander) ?? 'unassigned'} · ${channel}`,
        },
        // The room is gone: the one click that gives the incident a new channel (the set-up runs again).
        ...(gone ? { accessory: { type: 'button' as const, action_id: ACTIONS.openNewRoom, value: incident.ref, text: plainText('Open a new room', SLACK_LIMITS.buttonText) } } : {}),
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `Alerts: ${alerts.counts.firing} firing · ${alerts.counts.acknowledged} acknowledged · ${alerts.counts.resolved} resolved` },
        ],
      },
    );
  }
  if (open.length > SHOWN) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…${moreNote({ page: 1, after: open.length - SHOWN }) ?? ''}` }] });
  }
  return { type: 'home', blocks };
}
