/**
 * The payload users paste into Datadog's Webhooks integration (Payload field, "Encode as form"
 * unchecked). Datadog substitutes every `$VAR` as a string (numbers too) and escapes it for the
 * JSON string it sits in, so quotes and line breaks in `$EVENT_MSG`/`$EVENT_TITLE` stay valid
 * JSON; `$TAGS` arrives as one comma-separated string. `warroom_template` tells the parser which
 * shape it reads; Datadog's default template is accepted as well.
 *
 * Variables: https://docs.datadoghq.com/integrations/webhooks/#variables
 */
export const DATADOG_RECOMMENDED_TEMPLATE: string = JSON.stringify(
  {
    id: '$ID',
    alert_id: '$ALERT_ID',
    alert_cycle_key: '$ALERT_CYCLE_KEY',
    alert_transition: '$ALERT_TRANSITION',
    alert_priority: '$ALERT_PRIORITY',
    alert_status: '$ALERT_STATUS',
    title: '$EVENT_TITLE',
    body: '$EVENT_MSG',
    tags: '$TAGS',
    link: '$LINK',
    hostname: '$HOSTNAME',
    date: '$DATE',
    last_updated: '$LAST_UPDATED',
    org: { id: '$ORG_ID', name: '$ORG_NAME' },
    event_type: '$EVENT_TYPE',
    warroom_template: 'v1',
  },
  null,
  2,
);
