import { describe, expect, it } from 'vitest';
import { tokenFromInput } from '../src/features/start/point-login.js';

describe('the join code an operator pastes', () => {
  it('takes the credential from a whole join link, or the code alone', () => {
    expect(tokenFromInput('http://10.0.0.5:3000/join#abcDEF_123-xyz')).toBe('abcDEF_123-xyz');
    expect(tokenFromInput('  abcDEF_123-xyz \n')).toBe('abcDEF_123-xyz');
    expect(tokenFromInput('#abc')).toBe('abc');
    expect(tokenFromInput('')).toBe('');
  });
});
