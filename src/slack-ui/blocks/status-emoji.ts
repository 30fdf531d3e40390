import type { Status } from '../../core/status.js';

const EMOJI: Readonly<Record<Status, string>> = {
  investigating: ':mag:',
  identified: ':bulb:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
};

export function statusEmoji(status: Status): string {
  return EMOJI[status];
}
