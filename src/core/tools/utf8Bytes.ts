// UTF-8 byte arithmetic with the web-standard TextEncoder/TextDecoder (Node and browsers alike),
// so core needs no Node `Buffer`.
const encoder = new TextEncoder();

/** Bytes `text` takes as UTF-8. */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Base64 of UTF-8 bytes back to text; invalid sequences become U+FFFD, as Buffer's decoding does. */
export function base64ToUtf8(base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder("utf-8").decode(bytes);
}
