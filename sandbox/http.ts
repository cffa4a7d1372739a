import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxError } from './errors.js';

/** Larger than any checkout request; anything bigger is refused before it is read whole. */
export const maxBodyBytes = 64 * 1024;

/** Reads a JSON object body: `application/json`, at most {@link maxBodyBytes}, well-formed. */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    request.resume();
    throw new SandboxError(
      'unsupportedMediaType',
      `Content-Type must be application/json, got "${type || 'none'}".`,
    );
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) {
    request.resume();
    throw new SandboxError('bodyTooLarge', `The body must be at most ${maxBodyBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      request.resume();
      throw new SandboxError('bodyTooLarge', `The body must be at most ${maxBodyBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SandboxError('malformedJson', 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SandboxError('malformedJson', 'The body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(html);
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
