/** Expected failures are values with stable codes; the ingress maps them to answers once. */
export const DOMAIN_ERROR_CODES = [
  'incident.invalid_transition',
  'incident.already_resolved',
  'incident.not_resolved',
  'incident.unchanged',
  'incident.invalid_title',
  'incident.invalid_text',
  'incident.not_found',
  'incident.version_conflict',
  'incident.reopen_conflict',
  'incident.already_exists',
  'incident.invalid_channel',
  'incident.channel_already_set',
  'incident.room_not_gone',
  'incident.invalid_bridge_url',
  'followup.invalid_title',
  'followup.invalid_owner',
  'followup.invalid_due_date',
  'followup.not_found',
  'followup.already_done',
  'incident.unknown_type',
  'incident.role_not_in_type',
  'paging.person_unknown',
  'paging.nothing_to_escalate',
  'paging.provider_failed',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
}

export function domainError(code: DomainErrorCode, message: string): DomainError {
  return { code, message };
}
