import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import type { IncidentView } from '../../app/query-incidents.js';

/**
 * The Block Kit views the listeners send. They are built by pure builders in
 * adapters/slack/blocks; main passes them in, so the ingress never imports an adapter.
 */
export interface SlackViews {
  help(subcommands: readonly { usage: string; where: 'anywhere' | 'incident channel'; description: string }[]): { text: string; blocks: KnownBlock[] };
  declareModal(input: { services: readonly string[]; initialTitle?: string; channelId?: string }): ModalView;
  noteModal(ref: string): ModalView;
  roleModal(ref: string): ModalView;
  appHome(input: { incidents: readonly IncidentView[] }): HomeView;
  updateModal(input: { ref: string; draft: string; stakeholderChannels: number }): ModalView;
}
