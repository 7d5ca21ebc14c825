import type { FastifyInstance } from 'fastify';

/** A small but well-formed PDF (one empty page) with `marker` in its body. */
export function pdfBytes(marker = 'giaoban', padTo = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${marker}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  const bytes = Buffer.from(body, 'latin1');
  return padTo > bytes.length
    ? Buffer.concat([bytes, Buffer.alloc(padTo - bytes.length, 0x20)])
    : bytes;
}

/** The start of an Office Open XML word document: a zip holding word/document.xml. */
export function docxBytes(marker = 'giaoban'): Buffer {
  return Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.from(`\x14\x00\x00\x00\x08\x00word/document.xml<w:t>${marker}</w:t>`, 'latin1'),
  ]);
}

/** A 1×1 PNG. */
export const pngBytes = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A Windows executable's first bytes. */
export const exeBytes = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 1)]);

/** POSTs a multipart form through the full Fastify pipeline. */
export async function postForm(
  app: FastifyInstance,
  url: string,
  token: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const request = new Request('http://local/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  const res = await app.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': request.headers.get('content-type') ?? '',
    },
  });
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body };
}
