/**
 * Reads a request body as a stream and stops as soon as it passes `maxBytes`: a
 * chunked upload of hundreds of megabytes costs at most one chunk over the limit,
 * never the whole body in memory. Bytes that are not UTF-8 become U+FFFD.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
): Promise<{ text: string } | { tooLarge: true }> {
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { tooLarge: true };
  }
  if (!request.body) return { text: '' };
  const reader = request.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { tooLarge: true };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode() };
}
