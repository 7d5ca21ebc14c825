// Passwords the secretariat hands out: random, easy to read aloud and type
// (no 0/O, 1/l/I), in groups: "k7qm-3xpd-9rtw" (14 characters ≥ the 10 required).

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generatePassword(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  // Rejection sampling: every character equally likely.
  const limit = 256 - (256 % ALPHABET.length);
  const chars: string[] = [];
  while (chars.length < 12) {
    for (const byte of random(16)) {
      if (byte < limit && chars.length < 12) chars.push(ALPHABET[byte % ALPHABET.length] as string);
    }
  }
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)]
    .map((g) => g.join(''))
    .join('-');
}

export const MIN_PASSWORD = 10;

/** What is wrong with a new password, as a catalogue key; null when it will do. */
export function passwordProblem(
  password: string,
  repeat?: string,
): 'accounts.password.tooShort' | 'accounts.password.mismatch' | null {
  if (password.length < MIN_PASSWORD) return 'accounts.password.tooShort';
  if (repeat !== undefined && repeat !== password) return 'accounts.password.mismatch';
  return null;
}
