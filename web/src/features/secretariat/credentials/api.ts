// The calls this page makes: the registry's points, the issue in bulk, the
// list of credentials (never their tokens) and a revocation.
import type { Static } from 'typebox';
import type {
  IssuedCredentialsSchema,
  PointCredentialSchema,
  PointKind,
  PointView,
} from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import type { IssueRequest } from './selection.js';

export type IssuedCredential = Static<typeof IssuedCredentialsSchema>['credentials'][number];
export type ListedCredential = Static<typeof PointCredentialSchema>;

export interface ListFilter {
  kind: PointKind | '';
  parent: string;
  showRevoked: boolean;
}

/** Every active point of the registry (the choices of the form and the filters). */
export async function loadPoints(token: string): Promise<PointView[]> {
  const { points } = await api<{ points: PointView[] }>(
    'GET',
    '/api/v1/points?active=true&limit=20000',
    { token },
  );
  return points;
}

export async function issueCredentials(
  token: string,
  body: IssueRequest,
): Promise<IssuedCredential[]> {
  const { credentials } = await api<{ credentials: IssuedCredential[] }>(
    'POST',
    '/api/v1/credentials',
    { token, body },
  );
  return credentials;
}

/** The query of GET /api/v1/credentials for the list's filter. */
export function listQuery(filter: ListFilter): string {
  const query = new URLSearchParams();
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.parent) query.set('parent', filter.parent);
  if (!filter.showRevoked) query.set('revoked', 'false');
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function listCredentials(
  token: string,
  filter: ListFilter,
): Promise<ListedCredential[]> {
  const { credentials } = await api<{ credentials: ListedCredential[] }>(
    'GET',
    `/api/v1/credentials${listQuery(filter)}`,
    { token },
  );
  return credentials;
}

export async function revokeCredential(token: string, code: string, id: string): Promise<void> {
  await api('DELETE', `/api/v1/points/${encodeURIComponent(code)}/credentials/${id}`, { token });
}
