import { createHash, randomInt } from 'node:crypto';

/**
 * A credential's short code: what an operator can read off a printed sheet
 * and type on the start page instead of opening the link — 12 characters of
 * Crockford's base32 (60 random bits), shown as `K7QM-3XPD-9RTW`. Case,
 * spaces and dashes do not matter, and the letters people confuse with
 * digits (O, I, L) read as those digits.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;
const SHAPE = /^[0-9A-Za-z]{4}[-\s]?[0-9A-Za-z]{4}[-\s]?[0-9A-Za-z]{4}$/;

export function newShortCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** The canonical 12 characters of something typed, or null if it is not shaped like a short code. */
export function normaliseShortCode(input: string): string | null {
  const text = input.trim();
  if (!SHAPE.test(text)) return null;
  const canonical = text
    .toUpperCase()
    .replaceAll(/[-\s]/g, '')
    .replaceAll('O', '0')
    .replaceAll(/[IL]/g, '1');
  return [...canonical].every((c) => ALPHABET.includes(c)) ? canonical : null;
}

/** Stored instead of the code. */
export function shortCodeHash(canonical: string): string {
  return createHash('sha256').update(`short:${canonical}`).digest('hex');
}
