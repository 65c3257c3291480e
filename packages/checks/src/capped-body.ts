/**
 * Reads at most `capBytes` of a response body, then cancels the rest, so an endless or huge body
 * costs at most the cap. The text is decoded as UTF-8 (a character cut at the cap becomes U+FFFD).
 */
export async function readCappedBody(
  body: ReadableStream<Uint8Array> | null,
  capBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: "", truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = capBytes - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = true;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  if (truncated) reader.cancel().catch(() => undefined);
  else reader.releaseLock();
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(joined), truncated };
}
