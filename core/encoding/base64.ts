/** The WinterCG minimum common API has it in Workers, Node and browsers; core's lib names no globals. */
declare function btoa(binary: string): string;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map([...ALPHABET].map((char, index) => [char, index]));

/**
 * Standard base64 with padding (RFC 4648 §4): structured-field byte sequences in signatures, and
 * clip audio for Whisper. `btoa` in chunks, so megabytes of audio neither overflow the call stack
 * nor build a string a character at a time.
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Decodes canonical standard base64 (padding optional); `null` for anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1 || (text.length !== body.length && text.length % 4 !== 0)) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of body) {
    const index = LOOKUP.get(char);
    if (index === undefined) return null;
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  // The bits left over past the last byte must be zero (RFC 4648 §3.5), so each byte string has
  // exactly one encoding: `AQ==` decodes, `AR==` (the same byte, other trailing bits) is refused.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
