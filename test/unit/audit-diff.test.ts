import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/modules/audit/diff.js';

describe('audit diff', () => {
  it('lists only the fields that changed, with before and after', () => {
    expect(
      diff(
        { title: 'Monthly', room: 'A', seats: 69, tags: ['x'] },
        { title: 'Monthly briefing', room: 'A', seats: 70, tags: ['x'] },
      ),
    ).toEqual({
      title: { before: 'Monthly', after: 'Monthly briefing' },
      seats: { before: 69, after: 70 },
    });
  });

  it('is empty when nothing changed, nested values included', () => {
    const snapshot = { title: 'T', agenda: [{ item: 'budget', minutes: 10 }], urgent: false };
    expect(diff(snapshot, structuredClone(snapshot))).toEqual({});
  });

  it('sees a change inside a nested value', () => {
    expect(diff({ agenda: [{ item: 'a' }] }, { agenda: [{ item: 'b' }] })).toEqual({
      agenda: { before: [{ item: 'a' }], after: [{ item: 'b' }] },
    });
  });

  it('a field added or removed goes from or to null; missing and null are the same', () => {
    expect(diff({ a: 1 }, { a: 1, reason: 'storm' })).toEqual({
      reason: { before: null, after: 'storm' },
    });
    expect(diff({ a: 1, reason: 'storm' }, { a: 1 })).toEqual({
      reason: { before: 'storm', after: null },
    });
    expect(diff({ reason: null }, {})).toEqual({});
    expect(diff({ reason: undefined }, { reason: null })).toEqual({});
  });

  it('a creation (no before) and a deletion (no after) list every field', () => {
    expect(diff(null, { code: 'ha-noi', name: 'Hà Nội' })).toEqual({
      code: { before: null, after: 'ha-noi' },
      name: { before: null, after: 'Hà Nội' },
    });
    expect(diff({ code: 'ha-noi' }, undefined)).toEqual({
      code: { before: 'ha-noi', after: null },
    });
    expect(diff(null, null)).toEqual({});
  });

  it('never writes a secret: a changed hash is "[secret]" on both sides', () => {
    const changes = diff(
      { username: 'an', passwordHash: 'scrypt$old-hash' },
      { username: 'an', passwordHash: 'scrypt$new-hash' },
    );
    expect(changes).toEqual({ passwordHash: { before: '[secret]', after: '[secret]' } });
    expect(JSON.stringify(changes)).not.toContain('hash$');
    expect(JSON.stringify(changes)).not.toContain('old-hash');
  });

  it('shows a secret being set or cleared as null ↔ "[secret]"', () => {
    expect(diff({ tokenHash: null }, { tokenHash: 'sha256:abc' })).toEqual({
      tokenHash: { before: null, after: '[secret]' },
    });
    expect(diff(null, { tokenHash: 'sha256:abc' })).toEqual({
      tokenHash: { before: null, after: '[secret]' },
    });
    expect(diff({ passwordHash: 'x' }, { passwordHash: null })).toEqual({
      passwordHash: { before: '[secret]', after: null },
    });
  });

  it('an unchanged secret is not mentioned at all', () => {
    expect(
      diff({ passwordHash: 'h', role: 'chair' }, { passwordHash: 'h', role: 'moderator' }),
    ).toEqual({ role: { before: 'chair', after: 'moderator' } });
  });

  it('compares dates as instants and writes them as ISO strings', () => {
    const iso = '2026-05-04T08:00:00.000Z';
    expect(diff({ startsAt: new Date(iso) }, { startsAt: iso })).toEqual({});
    expect(diff({ startsAt: new Date(iso) }, { startsAt: new Date(iso) })).toEqual({});
    expect(
      diff({ startsAt: new Date(iso) }, { startsAt: new Date('2026-05-04T09:30:00.000Z') }),
    ).toEqual({
      startsAt: { before: iso, after: '2026-05-04T09:30:00.000Z' },
    });
  });

  it('ignores updatedAt and createdAt, however they changed', () => {
    expect(
      diff(
        { createdAt: new Date(0), updatedAt: new Date(0), title: 'T' },
        { createdAt: new Date(1e12), updatedAt: new Date(2e12), title: 'T' },
      ),
    ).toEqual({});
    expect(diff(null, { createdAt: new Date(0), title: 'T' })).toEqual({
      title: { before: null, after: 'T' },
    });
  });

  describe('property', () => {
    const key = fc.constantFrom(
      'title',
      'room',
      'status',
      'passwordHash',
      'tokenHash',
      'updatedAt',
      'createdAt',
      'startsAt',
    );
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const snapshot = fc.option(fc.dictionary(key, value), { nil: null });

    it('a snapshot against itself has no changes', () => {
      fc.assert(
        fc.property(snapshot, (s) => {
          expect(diff(s, s)).toEqual({});
        }),
      );
    });

    it('reports exactly the changed fields, masks every secret, drops the timestamps', () => {
      fc.assert(
        fc.property(snapshot, snapshot, (before, after) => {
          const changes = diff(before, after);
          const norm = (v: unknown) =>
            JSON.stringify(v === undefined ? null : v instanceof Date ? v.toISOString() : v);
          const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
          for (const k of keys) {
            const changed =
              k !== 'updatedAt' && k !== 'createdAt' && norm(before?.[k]) !== norm(after?.[k]);
            expect(k in changes, k).toBe(changed);
          }
          for (const [k, change] of Object.entries(changes)) {
            expect(keys.has(k)).toBe(true);
            if (k === 'passwordHash' || k === 'tokenHash') {
              for (const side of [change.before, change.after]) {
                expect(side === null || side === '[secret]').toBe(true);
              }
            }
            for (const side of [change.before, change.after]) {
              expect(side).not.toBeInstanceOf(Date);
              expect(side).not.toBeUndefined();
            }
          }
        }),
      );
    });
  });
});
