import { createHash, randomBytes } from 'node:crypto';

/** Operator credentials look like `gbp_<43 chars>`; the prefix tells them from login tokens. */
export const CREDENTIAL_PREFIX = 'gbp_';

export function newCredentialToken(): string {
  return `${CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Stored instead of the token. 256 random bits need no slow hash. */
export function credentialTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isCredentialToken(token: string): boolean {
  return token.startsWith(CREDENTIAL_PREFIX);
}
