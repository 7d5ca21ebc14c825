import type { Me } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { ActionError, api } from '../../api/http.js';

/** The credential from what the operator pasted: the whole join link, or the code alone. */
export function tokenFromInput(input: string): string {
  const text = input.trim();
  const hash = text.indexOf('#');
  return hash >= 0 ? text.slice(hash + 1).trim() : text;
}

/** Checks the credential with the server, remembers it on this machine, says where to go. */
export async function enterAsPoint(token: string): Promise<string> {
  if (!token) throw new ActionError('UNAUTHORIZED', 'empty');
  const me = await api<Me>('GET', '/api/v1/auth/me', { token });
  if (me.kind !== 'point') throw new ActionError('FORBIDDEN', 'not a point credential');
  credentials.savePoint({ token, code: me.point.code, name: me.point.name, kind: me.point.kind });
  return '/point';
}
