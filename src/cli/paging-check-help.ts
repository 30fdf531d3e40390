/** `warroom paging-check --help`, in a file of its own so printing it loads nothing else. */
export const PAGING_CHECK_HELP = `Usage: warroom paging-check

Sends a low-urgency test page through each provider named in warroom.yml \`paging.check.target\`
(PagerDuty: a service, optionally a user; Opsgenie / JSM: a schedule or a user), waits up to
\`paging.check.timeout\` (default 5m) for a person to acknowledge it, resolves it, and prints one
line per provider: acknowledged (with the time it took), timeout, or failed.
A failure is also logged, measured (warroom_paging_check_seconds on a server's /metrics when the
server runs it on \`paging.check.every\`) and posted in \`paging.check.channel\` through the Slack outbox.

Exit codes: 0 every provider acknowledged; 1 one or more did not (or another process is running
a check right now); 2 the configuration is wrong or names no target.`;
