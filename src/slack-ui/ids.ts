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
  /** The summary's "Web view" (the fallback room is on): answers the person who clicked with their own room link. */
  webView: 'incident.web_view',
  /** A link button: Slack opens the call and still sends the click, which is acknowledged and nothing more. */
  joinCall: 'incident.join_call',
  /** The summary's "Add follow-up": opens the follow-up modal. */
  addFollowUp: 'incident.add_followup',
  /** "Done" beside a follow-up in `/incident followups`; the value is the follow-up's id. */
  completeFollowUp: 'incident.complete_followup',
  /** "Resolve on the status page" under the offer posted when a resolved incident's status-page incident is still open; the value is the ref. */
  resolveStatusPage: 'incident.resolve_statuspage',
} as const;

export const VIEWS = {
  declare: 'incident.declare_modal',
  note: 'incident.note_modal',
  role: 'incident.role_modal',
  update: 'incident.update_modal',
  followUp: 'incident.followup_modal',
  statusPage: 'incident.statuspage_modal',
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
  followUpTitle: 'followup_title',
  followUpOwner: 'followup_owner',
  followUpDue: 'followup_due',
  private: 'private',
  type: 'incident_type',
  statusPageName: 'statuspage_name',
  statusPageStatus: 'statuspage_status',
  statusPageBody: 'statuspage_body',
  /** One select per affected component: this prefix and the component's index in the modal. */
  statusPageComponent: 'statuspage_component_',
} as const;
