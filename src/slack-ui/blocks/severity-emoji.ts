import type { Severity } from '../../core/severity.js';

const EMOJI: Readonly<Record<Severity, string>> = {
  SEV1: ':red_circle:',
  SEV2: ':large_orange_circle:',
  SEV3: ':large_yellow_circle:',
  SEV4: ':large_blue_circle:',
};

export function severityEmoji(severity: Severity): string {
  return EMOJI[severity];
}
