import type { Executor } from '../../db/executor.js';
import { loadFile } from './files.js';

type StoredFile = Awaited<ReturnType<typeof loadFile>>;

/**
 * Stored files are never changed, so their bytes can be shared: when every
 * point downloads the session's documents at the start, one read from the
 * database serves them all (and concurrent requests wait for the same read)
 * instead of one copy of a 50 MB file per request. Bounded by bytes, least
 * recently used out first.
 */
export class FileCache {
  readonly #entries = new Map<string, { file: Promise<StoredFile>; size: number }>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(db: Executor, id: string): Promise<StoredFile> {
    const hit = this.#entries.get(id);
    if (hit) {
      // Most recently used: to the end of the map's order.
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit.file;
    }
    const file = loadFile(db, id);
    const entry = { file, size: 0 };
    this.#entries.set(id, entry);
    file.then(
      (row) => {
        if (this.#entries.get(id) !== entry) return;
        entry.size = row.bytes.length;
        this.#bytes += entry.size;
        this.#evict();
      },
      () => {
        if (this.#entries.get(id) === entry) this.#entries.delete(id);
      },
    );
    return file;
  }

  #evict(): void {
    for (const [id, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(id);
      this.#bytes -= entry.size;
    }
  }
}
