import type { AlertStatus } from '../../core/alert.js';

const EMOJI: Readonly<Record<AlertStatus, string>> = {
  firing: ':fire:',
  acknowledged: ':eyes:',
  resolved: ':white_check_mark:',
};

export function alertStatusEmoji(status: AlertStatus): string {
  return EMOJI[status];
}
