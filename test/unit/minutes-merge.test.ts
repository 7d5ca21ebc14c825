import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLines } from '../../web/src/features/desk/merge-lines.js';

const labels = { mine: '<<< mine', theirs: '=== theirs', end: '>>> end' };
const merge = (base: string[], mine: string[], theirs: string[]) =>
  mergeLines(base.join('\n'), mine.join('\n'), theirs.join('\n'), labels);

describe('three-way merge of the minutes by lines', () => {
  const base = ['Khai mạc', 'Báo cáo của Hà Nội', 'Báo cáo của Huế', 'Kết luận'];

  it('keeps edits of different lines from both sides', () => {
    const mine = ['Khai mạc 8:00', ...base.slice(1)];
    const theirs = [...base.slice(0, 3), 'Báo cáo của Đà Nẵng', 'Kết luận'];
    expect(merge(base, mine, theirs)).toEqual({
      text: [
        'Khai mạc 8:00',
        'Báo cáo của Hà Nội',
        'Báo cáo của Huế',
        'Báo cáo của Đà Nẵng',
        'Kết luận',
      ].join('\n'),
      conflicts: 0,
    });
  });

  it('takes one side when the other did not change, and the same change once', () => {
    const changed = [...base, 'Bế mạc'];
    expect(merge(base, base, changed).text).toBe(changed.join('\n'));
    expect(merge(base, changed, base).text).toBe(changed.join('\n'));
    expect(merge(base, changed, changed)).toEqual({ text: changed.join('\n'), conflicts: 0 });
  });

  it('keeps deletions on one side with additions on the other', () => {
    const mine = base.filter((l) => l !== 'Báo cáo của Huế');
    const theirs = ['Điểm danh', ...base];
    expect(merge(base, mine, theirs).text).toBe(
      ['Điểm danh', 'Khai mạc', 'Báo cáo của Hà Nội', 'Kết luận'].join('\n'),
    );
  });

  it('marks the same line changed differently, keeping both versions', () => {
    const mine = base.map((l) => (l === 'Kết luận' ? 'Kết luận: đồng ý' : l));
    const theirs = base.map((l) => (l === 'Kết luận' ? 'Kết luận: hoãn' : l));
    const result = merge(base, mine, theirs);
    expect(result.conflicts).toBe(1);
    expect(result.text.split('\n')).toEqual([
      ...base.slice(0, 3),
      '<<< mine',
      'Kết luận: đồng ý',
      '=== theirs',
      'Kết luận: hoãn',
      '>>> end',
    ]);
  });

  it('both typing at the end of an empty text: both kept, marked', () => {
    const result = mergeLines('', 'A', 'B', labels);
    expect(result.conflicts).toBe(1);
    expect(result.text).toContain('A');
    expect(result.text).toContain('B');
  });

  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', ''), { maxLength: 12 });

  it('loses no line either side added (property)', () => {
    fc.assert(
      fc.property(lines, lines, lines, (o0, a0, b0) => {
        // As texts: no lines and one empty line are the same text (""), so
        // compare the lines the texts hold, not the generated arrays.
        const [o, a, b] = [o0, a0, b0].map((xs) => xs.join('\n').split('\n')) as [
          string[],
          string[],
          string[],
        ];
        const result = merge(o, a, b);
        const out = result.text.split('\n');
        if (result.conflicts === 0) {
          // No conflict: every line both kept or one side added is there.
          for (const line of [...a, ...b]) if (!o.includes(line)) expect(out).toContain(line);
        }
        // Merging with an unchanged side gives the other side exactly.
        expect(merge(o, o, b).text).toBe(b.join('\n'));
        expect(merge(o, a, o).text).toBe(a.join('\n'));
      }),
    );
  });

  it('a merge of unique-line texts contains every line added by either side (property)', () => {
    const unique = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 15 });
    fc.assert(
      fc.property(unique, unique, unique, (o, a, b) => {
        const s = (x: number[]) => x.map(String);
        const result = merge(s(o), s(a), s(b));
        const out = result.text.split('\n');
        for (const line of [...s(a), ...s(b)])
          if (!o.includes(Number(line))) expect(out).toContain(line);
      }),
    );
  });
});
