/** How a key, value or header is shown: JSON pretty-printed, UTF-8 text, or hex for binary. */
export type Encoding = 'json' | 'utf8' | 'hex' | 'null';

export interface Decoded {
  encoding: Encoding;
  text: string | null;
}

/**
 * Picks the most readable faithful rendering. A byte string is text only when it round-trips through
 * UTF-8 and has no control characters other than tab/newline/CR; otherwise it is shown as hex so binary
 * payloads (Avro, protobuf) are never mangled into replacement characters.
 */
export function decodeBytes(buf: Buffer | null | undefined): Decoded {
  if (buf === null || buf === undefined) return { encoding: 'null', text: null };
  const text = buf.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(buf) && !buf.some(isControlByte);
  if (!isText) return { encoding: 'hex', text: buf.toString('hex') };
  const trimmed = text.trim();
  // Only objects and arrays are pretty-printed: "42" or "true" read better as the text they are.
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { encoding: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      // Looks like JSON but is not: show it verbatim.
    }
  }
  return { encoding: 'utf8', text };
}

// C0 controls other than tab, LF and CR, and DEL. Checked on bytes: in UTF-8 these never occur inside
// multi-byte sequences, so a byte check is exact.
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f;
}
