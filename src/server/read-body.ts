/** Reading a request body ourselves (routes outside /api/messages have no body parser). */
import type { IncomingMessage } from 'node:http';

/** The raw body; undefined as soon as it grows larger than `limit` bytes (the rest is not read). */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
