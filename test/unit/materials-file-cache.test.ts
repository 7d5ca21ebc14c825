import { describe, expect, it, vi } from 'vitest';
import type { Executor } from '../../src/db/executor.js';

const reads: string[] = [];
vi.mock('../../src/modules/materials/files.js', () => ({
  loadFile: async (_db: unknown, id: string) => {
    reads.push(id);
    await new Promise((r) => setTimeout(r, 5));
    if (id === 'broken') throw new Error('damaged');
    return { id, bytes: Buffer.alloc(id === 'big' ? 100 : 40), sha256: 'x', contentType: 'a/b' };
  },
}));
const { FileCache } = await import('../../src/modules/materials/file-cache.js');
const db = {} as Executor;

describe('the shared file cache', () => {
  it('reads a file once however many ask at once, keeps the recent ones within the byte bound, and forgets failures', async () => {
    const cache = new FileCache(100);
    const many = await Promise.all([1, 2, 3].map(() => cache.get(db, 'a')));
    expect(reads).toEqual(['a']);
    expect(new Set(many).size).toBe(1);
    await cache.get(db, 'b'); // 80 bytes kept
    await cache.get(db, 'a'); // a is the most recent now
    await cache.get(db, 'c'); // 120 > 100: b, the least recent, goes
    await cache.get(db, 'a');
    await cache.get(db, 'b');
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
    await expect(cache.get(db, 'broken')).rejects.toThrow('damaged');
    await expect(cache.get(db, 'broken')).rejects.toThrow('damaged');
    expect(reads.filter((r) => r === 'broken')).toHaveLength(2);
  });
});
