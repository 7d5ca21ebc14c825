import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MATERIAL_EXTENSIONS } from '../../contract/index.js';
import type { Executor } from '../../db/executor.js';
import { storedFiles } from '../../db/schema.js';
import { textProblem } from '../../http/input.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';

type Extension = (typeof MATERIAL_EXTENSIONS)[number];

const CONTENT_TYPES: Record<Extension, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const starts = (bytes: Buffer, ...prefix: number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
const ascii = (bytes: Buffer, at: number, text: string) =>
  bytes.subarray(at, at + text.length).toString('latin1') === text;
/** An Office Open XML file is a zip holding its part folder (word/, xl/, ppt/). */
const officeZip = (bytes: Buffer, folder: string) =>
  starts(bytes, 0x50, 0x4b, 0x03, 0x04) && bytes.includes(Buffer.from(folder, 'latin1'));

/** What the first bytes must be for each extension: a renamed .exe is refused. */
const MAGIC: Record<Extension, (bytes: Buffer) => boolean> = {
  pdf: (b) => ascii(b, 0, '%PDF-'),
  docx: (b) => officeZip(b, 'word/'),
  xlsx: (b) => officeZip(b, 'xl/'),
  pptx: (b) => officeZip(b, 'ppt/'),
  png: (b) => starts(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  jpg: (b) => starts(b, 0xff, 0xd8, 0xff),
  jpeg: (b) => starts(b, 0xff, 0xd8, 0xff),
  gif: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'),
  webp: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'),
};

const refused = (name: string) =>
  new HttpProblem(
    415,
    ErrorCode.FILE_TYPE_NOT_ALLOWED,
    `"${name}" is not an accepted file: PDF, DOCX, XLSX, PPTX or an image (PNG, JPEG, GIF, WebP) whose content matches its extension.`,
    { allowed: [...MATERIAL_EXTENSIONS] },
  );

/** The content type of an accepted file; refuses other extensions and mismatching content. */
export function acceptedType(fileName: string, bytes: Buffer): string {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() as Extension | undefined;
  if (!extension || !(extension in MAGIC) || !MAGIC[extension](bytes)) throw refused(fileName);
  return CONTENT_TYPES[extension];
}

/** A file name as people gave it: NFC, no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(-200) || 'tep';
}

export interface Upload {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer } | null;
}

export const tooLarge = (maxBytes: number) =>
  new HttpProblem(
    413,
    ErrorCode.FILE_TOO_LARGE,
    `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB allowed.`,
    { maxBytes },
  );

/**
 * Reads a multipart upload: text fields and at most one file, held in memory
 * up to `maxBytes` (the whole file goes into one database row anyway). Too
 * large: 413 FILE_TOO_LARGE, and nothing is stored.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const declared = Number(request.headers['content-length']);
  // The multipart envelope adds a little; a body far beyond the limit is refused before reading.
  if (Number.isFinite(declared) && declared > maxBytes + 1024 * 1024) {
    request.raw.resume();
    throw tooLarge(maxBytes);
  }
  const fields: Record<string, string> = {};
  let file: Upload['file'] = null;
  try {
    const parts = request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 512 * 1024 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename) file = { name: cleanFileName(part.filename), bytes };
      } else if (typeof part.value === 'string') {
        // Multipart fields skip the JSON boundary's checks (plugins/input.ts): the same rule here.
        const problem = part.valueTruncated
          ? `is longer than ${512 * 1024} bytes`
          : textProblem(part.value);
        if (problem)
          throw new HttpProblem(400, ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
            errors: [{ path: `body/${part.fieldname}`, message: problem }],
          });
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    request.raw.resume();
    if (error instanceof HttpProblem) throw error;
    const e = error as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
      throw new HttpProblem(
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Send the file as multipart/form-data.',
      );
    if (e.statusCode === 413) throw new HttpProblem(413, ErrorCode.PAYLOAD_TOO_LARGE, e.message);
    throw new HttpProblem(400, ErrorCode.BAD_REQUEST, e.message ?? 'The upload is not valid.');
  }
  return { fields, file };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Stores a checked file; returns its id and description. */
export async function storeFile(db: Executor, name: string, bytes: Buffer) {
  const contentType = acceptedType(name, bytes);
  const [row] = await db
    .insert(storedFiles)
    .values({ sha256: sha256(bytes), size: bytes.length, contentType, bytes })
    .returning({ id: storedFiles.id, sha256: storedFiles.sha256, size: storedFiles.size });
  if (!row) throw new Error('stored file not returned');
  return { ...row, contentType };
}

/** A stored file's bytes, checked against the SHA-256 taken at upload. */
export async function loadFile(db: Executor, id: string) {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
  if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such file.');
  if (sha256(row.bytes) !== row.sha256)
    throw new HttpProblem(
      503,
      ErrorCode.UNAVAILABLE,
      'The stored file is damaged; upload it again.',
    );
  return row;
}

/** `attachment` with the Vietnamese name (RFC 5987) and an ASCII stand-in for old clients. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendFile(
  reply: FastifyReply,
  file: { bytes: Buffer; contentType: string; sha256: string },
  name: string,
) {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(name))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
    .send(file.bytes);
}
