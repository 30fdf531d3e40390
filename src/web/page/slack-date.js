/*
 * Slack's date formatting for the sandbox page, as Slack's clients do it: `<!date^UNIX^TOKENS|FALLBACK>`
 * shows the tokens in the reader's own time zone (here: the browser's), and the fallback text when
 * the timestamp or a token cannot be read. Returns plain text; the caller escapes it for HTML.
 */
/* global window */
(function () {
  'use strict';

  const DAY_MS = 86400000;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const pad = (n) => String(n).padStart(2, '0');
  const ordinal = (n) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] || 'th'}`;
  const startOfDay = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

  function relativeDay(d, now) {
    const days = Math.round((startOfDay(d) - startOfDay(now)) / DAY_MS);
    return days === 0 ? 'today' : days === -1 ? 'yesterday' : days === 1 ? 'tomorrow' : null;
  }

  function ago(d, now) {
    const seconds = Math.round((now.getTime() - d.getTime()) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 60) return 'just now';
    const [n, unit] = abs < 3600 ? [Math.floor(abs / 60), 'minute'] : abs < 86400 ? [Math.floor(abs / 3600), 'hour'] : [Math.floor(abs / 86400), 'day'];
    const span = `${n} ${unit}${n === 1 ? '' : 's'}`;
    return seconds >= 0 ? `${span} ago` : `in ${span}`;
  }

  function formatters(d, now) {
    const date = `${MONTHS[d.getMonth()]} ${ordinal(d.getDate())}, ${d.getFullYear()}`;
    const short = `${MONTHS[d.getMonth()].slice(0, 3)} ${d.getDate()}, ${d.getFullYear()}`;
    const long = `${WEEKDAYS[d.getDay()]}, ${date}`;
    const pretty = (otherwise) => relativeDay(d, now) || otherwise;
    return {
      date_num: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
      date,
      date_short: short,
      date_long: long,
      date_pretty: pretty(date),
      date_short_pretty: pretty(short),
      date_long_pretty: pretty(long),
      time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
      time_secs: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
      ago: ago(d, now),
    };
  }

  /** `target` is what stands between `<` and `|` (`!date^1795428150^{time}`, optionally `^link`). */
  function slackDate(target, fallback, now) {
    const m = /^!date\^(-?\d+)\^([^^]*)(?:\^.*)?$/.exec(target);
    if (!m) return fallback;
    const d = new Date(Number(m[1]) * 1000);
    if (Number.isNaN(d.getTime())) return fallback;
    const values = formatters(d, now || new Date());
    let unknown = false;
    const text = m[2].replace(/\{([a-z_]+)\}/g, (all, token) => {
      if (!Object.prototype.hasOwnProperty.call(values, token)) unknown = true;
      return values[token] || all;
    });
    return unknown ? fallback : text;
  }

  window.slackDate = slackDate;
})();
