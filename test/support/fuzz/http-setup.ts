// HTTP fuzzing setup: the state no request may take away, the hints for reads and writes.
import type { Api } from '../api.js';
import type { Hints } from './values.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The protected session (with its attendance, speakers and roll calls), every point and user. */
export async function stored(admin: Api, id: string) {
  const session = (await admin.get(`/api/v1/sessions/${id}`)).body;
  const attendance = (await admin.get(`/api/v1/sessions/${id}/attendance`)).body.points.map(
    (p: any) => ({
      code: p.code,
      status: p.status,
      checkedIn: p.checkedIn,
      checkedInAt: p.checkedInAt,
      delegates: p.delegates,
    }),
  );
  const speakers = (await admin.get(`/api/v1/sessions/${id}/speakers`)).body;
  const rollCalls = (await admin.get(`/api/v1/sessions/${id}/rollcalls`)).body;
  const points: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await admin.get(`/api/v1/points?limit=1000&offset=${offset}`)).body.points;
    points.push(...page.map((p: any) => p.code));
    if (page.length < 1000) break;
  }
  const users = (await admin.get('/api/v1/users')).body.users.map((u: any) => u.username);
  return { session, attendance, speakers, rollCalls, points, users };
}

/** Plausible values for the fuzzed requests: the protected objects to read, the victims to write. */
export function routeHints(fixtures: {
  /** Points of the protected live session. */
  protectedCodes: string[];
  /** Points that fuzzed writes may change. */
  victims: string[];
  sessionId: string;
  victimSessions: string[];
  /** Every id the setup made: sessions, speaker entries, the roll call, credentials. */
  knownIds: string[];
  credentialIds: string[];
  credentialPaths: Array<{ code: string; credentialId: string }>;
}): { readHints: Hints; writeHints: Hints } {
  const { protectedCodes, victims, sessionId, victimSessions, knownIds } = fixtures;
  const { credentialIds, credentialPaths } = fixtures;
  const common: Hints = {
    uuid: knownIds,
    sessionId: [sessionId, ...victimSessions],
    chairUsername: ['fuzz-chair', 'fuzz-mod', null],
    'moderatorUsernames[]': ['fuzz-mod', 'fuzz-chair'],
    'invitedPointCodes[]': [...protectedCodes, ...victims],
    parentCode: ['trung-uong', 'ha-noi', 'can-tho'],
    parent: ['trung-uong', 'ha-noi'],
    entityType: ['session', 'attendance', 'point', 'user', 'credential', 'speaker'],
    entityId: [sessionId, 'thua-thien-hue', 'fuzz-victim'],
    q: ['Hà', 'tỉnh ủy', 'ha-', '%', '_'],
    password: ['fuzz-victim-password'],
    'csv.code': victims,
  };
  // GETs read the protected objects too; writes aim at the victims only.
  const readHints: Hints = {
    ...common,
    'path.id': [sessionId, ...victimSessions, UNKNOWN_ID],
    'path.code': [...protectedCodes, ...victims, 'no-such-point'],
    'path.username': ['admin', 'fuzz-mod', 'fuzz-chair', 'fuzz-victim', 'nobody'],
    'path.credentialId': credentialIds,
    username: ['admin', 'fuzz-victim', 'fuzz-mod'],
    code: [...protectedCodes, ...victims],
  };
  const writeHints: Hints = {
    ...common,
    uuid: knownIds.filter((id) => id !== sessionId),
    sessionId: victimSessions,
    'path.id': [...victimSessions, UNKNOWN_ID],
    'path.code': [...victims, 'no-such-point'],
    'path.username': ['fuzz-victim', 'nobody'],
    'path.credentialId': [...credentialIds, UNKNOWN_ID],
    username: ['fuzz-victim', 'new-user'],
    code: [...victims, 'new-point'],
    path: credentialPaths,
  };
  return { readHints, writeHints };
}
