/** Line breaks and other control characters become spaces, so untrusted text cannot start a new line (list item, quote) in a list of our own. */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}
