// Joins the text of tokens that split a multi-byte UTF-8 character between them. A token that
// comes with its raw bytes is decoded here: bytes that end mid-character wait for the next
// token (llama.cpp would show each half as U+FFFD). Invalid bytes become U+FFFD as in the
// reference (Rust's lossy decoding and the WHATWG decoder replace the same maximal subparts).

/** One token as the parser sees it: its id, and its text and/or its raw bytes (preferred). */
export interface HarmonyToken {
  id: number;
  text?: string;
  bytes?: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** Whether `second` may follow the lead byte `lead` (UTF-8's narrower ranges after E0, ED, F0, F4). */
function validSecondByte(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return true;
}

/** How many bytes at the end start a character that is valid so far but not complete (0-3). */
export function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length <= back) return 0;
    if (back >= 2 && !validSecondByte(byte, bytes[bytes.length - back + 1]!)) return 0;
    return back;
  }
  return 0;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

export class Utf8Joiner {
  // ignoreBOM: a U+FEFF the model writes is text, not a byte-order mark to strip.
  private decoder: TextDecoder | undefined;
  private pending: Uint8Array = EMPTY;

  /** The text this token completes (empty while a character is still incomplete). */
  take(token: HarmonyToken): string {
    if (token.bytes === undefined) return this.flush() + (token.text ?? "");
    let data = token.bytes;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + token.bytes.length);
      data.set(this.pending);
      data.set(token.bytes, this.pending.length);
    }
    const tail = incompleteTail(data);
    this.pending = tail > 0 ? data.slice(data.length - tail) : EMPTY;
    const complete = tail > 0 ? data.subarray(0, data.length - tail) : data;
    if (complete.length === 0) return "";
    if (complete.length <= 256 && isAscii(complete)) return String.fromCharCode.apply(null, complete as unknown as number[]);
    this.decoder ??= new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
    return this.decoder.decode(complete);
  }

  /** Ends the current run of bytes: a character still waiting for its rest becomes U+FFFD. */
  flush(): string {
    if (this.pending.length === 0) return "";
    this.pending = EMPTY;
    return "\uFFFD";
  }
}
