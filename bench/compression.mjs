// Responses compressed as a production server sends them: the encoding chosen from the browser's
// Accept-Encoding among those the server offers (brotli and gzip, or gzip alone, like a server
// without brotli), at the highest quality, as build pipelines and CDNs precompress static files.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The encodings a response may use, in the server's order of preference. */
export const encodingsOffered = { brotli: ['br', 'gzip'], gzip: ['gzip'] };

/** The first of `offered` that `acceptEncoding` accepts (a q-value of 0 refuses), else identity. */
export function negotiate(acceptEncoding, offered) {
  const accepted = new Map();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  return offered.find((encoding) => (accepted.get(encoding) ?? accepted.get('*') ?? 0) > 0) ?? 'identity';
}

const compressors = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipSync(body, { level: 9 }),
  identity: (body) => body,
};

/** Compressed bodies of unchanging files, by key and encoding. */
const cache = new Map();

/** `body` in `encoding`; `cacheKey` names a body that never changes (a built file). */
export function encode(body, encoding, cacheKey) {
  const key = cacheKey && `${encoding}:${cacheKey}`;
  if (key && cache.has(key)) return cache.get(key);
  const encoded = compressors[encoding](Buffer.from(body));
  if (key) cache.set(key, encoded);
  return encoded;
}

/** Types worth compressing (images and the like are compressed already). */
const textTypes = /^(text\/|application\/(javascript|json)|image\/svg)/;

/**
 * Sends `body` compressed for `request`, never cached by the browser (every run is a first
 * visit). `offered`: the encodings this server has, e.g. {@link encodingsOffered}.brotli.
 */
export function sendCompressed(
  request,
  response,
  { body, type, offered, cacheKey, status = 200, headers = {} },
) {
  const encoding = textTypes.test(type) ? negotiate(request.headers['accept-encoding'], offered) : 'identity';
  const encoded = encode(body, encoding, cacheKey);
  response.writeHead(status, {
    ...headers,
    'content-type': type,
    'content-length': encoded.length,
    'cache-control': 'no-store',
    vary: 'accept-encoding',
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
  });
  response.end(request.method === 'HEAD' ? undefined : encoded);
}
