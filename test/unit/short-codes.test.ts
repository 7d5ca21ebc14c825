import { describe, expect, it } from 'vitest';
import {
  newShortCode,
  normaliseShortCode,
  shortCodeHash,
} from '../../src/modules/auth/short-codes.js';

describe('credential short codes', () => {
  it('are 12 characters of Crockford base32 in three groups, and differ', () => {
    const codes = Array.from({ length: 500 }, newShortCode);
    for (const c of codes)
      expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(500);
  });

  it('read the same however they are typed', () => {
    const code = 'K7QM-3XPD-9RTW';
    const canonical = normaliseShortCode(code);
    expect(canonical).toBe('K7QM3XPD9RTW');
    for (const typed of ['k7qm3xpd9rtw', ' k7qm 3xpd 9rtw ', 'K7QM-3XPD-9RTW'])
      expect(normaliseShortCode(typed)).toBe(canonical);
    // O, I and L are read as the digits people meant.
    expect(normaliseShortCode('OIL0-1111-0000')).toBe('011011110000');
    expect(shortCodeHash(canonical as string)).toBe(shortCodeHash('K7QM3XPD9RTW'));
  });

  it('are told apart from tokens and other text', () => {
    for (const other of [
      'gbp_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'K7QM-3XPD-9RT',
      'K7QM-3XPD-9RTWX',
      'K7QM-3XPD-9RT!',
      'K7QM-3XPD-9RTU', // U is not in the alphabet
      '',
    ])
      expect(normaliseShortCode(other)).toBeNull();
  });
});
