/** A text cut to a byte budget. */
export interface TruncatedText {
  readonly text: string;
  readonly truncated: boolean;
  /** UTF-8 bytes of the whole text. */
  readonly bytes: number;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes, marker included. A cut text ends with
 * `…[truncated N bytes]` (N: the bytes left out), so the model knows it did not see everything.
 */
export function truncateText(text: string, maxBytes: number): TruncatedText {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  // The marker's length depends on N, which depends on the kept length: reserve the longest.
  const marker = (omitted: number) => `…[truncated ${omitted} bytes]`;
  const budget = Math.max(0, maxBytes - Buffer.byteLength(marker(bytes), 'utf8'));
  let head = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // A multi-byte character cut in two decodes as U+FFFD: drop it.
  if (head.endsWith('\uFFFD') && !text.startsWith(head)) head = head.slice(0, -1);
  return { text: head + marker(bytes - Buffer.byteLength(head, 'utf8')), truncated: true, bytes };
}
