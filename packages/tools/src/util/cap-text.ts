/** A text cut to a byte budget. */
export interface CappedText {
  /** The text, or its start followed by a truncation marker; at most the budget in UTF-8 bytes. */
  readonly text: string;
  readonly truncated: boolean;
  /** UTF-8 length of the full text. */
  readonly bytes: number;
}

/**
 * Caps `text` at `maxBytes` UTF-8 bytes. A cut text ends with a marker saying how much was kept,
 * `…[truncated: 1024 of 90210 bytes shown]`, so a model knows it did not see everything.
 */
export function capText(text: string, maxBytes: number): CappedText {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: short texts skip the exact count.
  if (text.length * 3 <= maxBytes) return { text, truncated: false, bytes: byteLength(text) };
  const bytes = byteLength(text);
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  const markerFor = (shown: number) => `\n…[truncated: ${shown} of ${bytes} bytes shown]`;
  const budget = Math.max(0, maxBytes - byteLength(markerFor(maxBytes)));
  let head = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // A multi-byte character cut in half decodes as U+FFFD: drop it.
  if (head.endsWith('\uFFFD') && !text.startsWith(head)) head = head.slice(0, -1);
  const shown = byteLength(head);
  return { text: head + markerFor(shown), truncated: true, bytes };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
