/** Slack's documented Block Kit limits that the builders stay under (characters are UTF-16 units, counted after escaping). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  /** block_id, action_id, callback_id, external_id. */
  id: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  placeholder: 150,
  modalTitle: 24,
  /** Channel topic and purpose (conversations.setTopic/setPurpose answer `too_long`). */
  topic: 250,
  /** The top-level `text` of chat.postMessage is cut at 40 000; notifications show far less. */
  fallbackText: 3000,
  privateMetadata: 3000,
  /**
   * chat.postMessage answers `msg_blocks_too_long` past an undocumented sum of all block text:
   * about 12 000 characters plus container overhead (slackapi/bolt-js#2509, #2867), so stay well below.
   */
  messageTextTotal: 10_000,
  /** "The cumulative limit for all markdown blocks in a single payload is 12,000 characters." */
  markdownTotal: 12_000,
} as const;
