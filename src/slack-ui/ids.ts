/**
 * Stable ids of what responders can do from Slack: button action_ids, modal callback_ids and
 * input block ids. The builders beside this file put them in the blocks; the listeners
 * (ingress/slack) match on them.
 */
export const ACTIONS = {
  changeStatus: 'incident.change_status',
  changeSeverity: 'incident.change_severity',
  assignRole: 'incident.assign_role',
  addNote: 'incident.add_note',
  resolve: 'incident.resolve',
  declare: 'incident.declare',
  openChannel: 'incident.open_channel',
  postUpdate: 'incident.post_update',
  draftPostmortem: 'incident.draft_postmortem',
  claimCommand: 'incident.claim_command',
  openNewRoom: 'incident.open_new_room',
  catchUp: 'incident.catch_up',
  /** A link button: Slack opens the call and still sends the click, which is acknowledged and nothing more. */
  joinCall: 'incident.join_call',
} as const;

export const VIEWS = {
  declare: 'incident.declare_modal',
  note: 'incident.note_modal',
  role: 'incident.role_modal',
  update: 'incident.update_modal',
} as const;

/** Input block ids (block_id) and their action ids inside modals. */
export const INPUTS = {
  title: 'title',
  severity: 'severity',
  services: 'services',
  description: 'description',
  note: 'note',
  role: 'role',
  user: 'user',
  update: 'update',
  updateNotes: 'update_notes',
  type: 'incident_type',
} as const;
