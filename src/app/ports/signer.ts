/** Signs text with a key the app never sees (room links, issue 23); the app layer does no crypto itself. */
export interface Signer {
  /** The signature of `text`, URL-safe (base64url). */
  sign(text: string): string;
  /** Whether `signature` is `text`'s, compared in constant time. */
  verifies(text: string, signature: string): boolean;
}
