// A text the desk keeps on the server as it is typed (the minutes, the draft
// of the conclusions): every keystroke goes to this machine's localStorage at
// once, the whole text to the server a second after the typing stops. A save
// from a stale revision comes back with the current text, which is merged
// line by line with what was typed here; nothing typed is ever dropped.
import type { SessionText } from '../../../../src/contract/index.js';
import { ActionError, api } from '../../api/http.js';
import { type MergeLabels, mergeLines } from './merge-lines.js';

export type SaveStatus = 'loading' | 'saved' | 'dirty' | 'saving' | 'offline' | 'refused';

export interface Notice {
  kind: 'merged' | 'conflict' | 'restored';
  by: string;
}

export interface AutosaveState {
  /** False until there is a text to edit (the server's, or one kept on this machine). */
  ready: boolean;
  text: string;
  status: SaveStatus;
  revision: number;
  savedAt: string | null;
  savedBy: string | null;
  notice: Notice | null;
  /** Why the server refused the last save (not a network failure). */
  error: unknown;
}

interface Kept {
  text: string;
  baseText: string;
  baseRevision: number;
}

export interface AutosaveOptions {
  /** localStorage key of what is not yet saved. */
  key: string;
  saveUrl: string;
  token: () => string | null | undefined;
  load: () => Promise<SessionText>;
  labels: (by: string) => MergeLabels;
  debounceMs?: number;
  retryMs?: number;
}

const offline = (e: unknown) =>
  !(e instanceof ActionError) ||
  e.code === 'NETWORK' ||
  e.code === 'TIMEOUT' ||
  (e.status ?? 500) >= 500 ||
  e.code === 'RATE_LIMITED';

export class AutosavedText {
  #state: AutosaveState = {
    ready: false,
    text: '',
    status: 'loading',
    revision: 0,
    savedAt: null,
    savedBy: null,
    notice: null,
    error: null,
  };
  #base: { text: string; revision: number } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight = false;
  /** The newest revision another desk is known to have saved. */
  #remote = 0;
  #disposed = false;
  readonly #listeners = new Set<() => void>();
  readonly #opts: Required<AutosaveOptions>;

  constructor(options: AutosaveOptions) {
    this.#opts = { debounceMs: 1000, retryMs: 3000, ...options };
    const kept = this.#kept();
    if (kept) {
      this.#base = { text: kept.baseText, revision: kept.baseRevision };
      this.#set({ ready: true, text: kept.text, revision: kept.baseRevision });
    }
    window.addEventListener('online', this.#onOnline);
    void this.#load();
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  getState = () => this.#state;

  /** The person typed: kept here at once, saved after a pause. */
  edit(text: string): void {
    if (!this.#state.ready) return;
    // A conflict's notice stays while its marker lines do.
    const notice = this.#state.notice;
    const marked = notice?.kind === 'conflict' && text.includes(this.#opts.labels('').end);
    this.#set({ text, notice: marked ? notice : null });
    this.#keep();
    // Offline stays shown until a save gets through; a save under way stays shown too.
    if (this.#state.status !== 'offline' && !this.#inFlight) this.#set({ status: 'dirty' });
    this.#schedule(this.#opts.debounceMs);
  }

  /** Another desk saved `revision`: catch up (a clean text is replaced, an edited one merged). */
  remoteSaved(revision: number): void {
    this.#remote = Math.max(this.#remote, revision);
    // A save under way looks again when it is answered.
    if (!this.#base || revision <= this.#base.revision || this.#inFlight) return;
    if (this.#dirty()) this.#schedule(0);
    else void this.#load();
  }

  /**
   * Reads the server's copy again when nothing here is pending: the desk
   * calls it now and then, since a `minutes:saved` sent before its socket
   * joined the session (or while it was away) never reaches it.
   */
  refresh(): void {
    if (this.#disposed || !this.#base || this.#inFlight || this.#dirty()) return;
    void this.#load();
  }

  /** Saves now what is pending (before an approval). */
  flush(): void {
    if (this.#dirty()) this.#schedule(0);
  }

  get dirty(): boolean {
    return this.#dirty() || this.#inFlight;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    window.removeEventListener('online', this.#onOnline);
    this.#listeners.clear();
  }

  #onOnline = () => {
    if (this.#dirty() || !this.#base) this.#schedule(0);
  };

  #dirty(): boolean {
    return this.#base !== null && this.#state.text !== this.#base.text;
  }

  #set(patch: Partial<AutosaveState>): void {
    if (this.#disposed) return;
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l();
  }

  #kept(): Kept | null {
    try {
      const raw = localStorage.getItem(this.#opts.key);
      const kept = raw ? (JSON.parse(raw) as Kept) : null;
      return kept && typeof kept.text === 'string' && typeof kept.baseText === 'string'
        ? kept
        : null;
    } catch {
      return null;
    }
  }

  /** What is typed and not yet saved, with the revision it is based on; nothing when all is saved. */
  #keep(): void {
    // A closed editor's late answers must not touch what a newer one keeps.
    if (this.#disposed) return;
    try {
      if (!this.#base || !this.#dirty()) localStorage.removeItem(this.#opts.key);
      else
        localStorage.setItem(
          this.#opts.key,
          JSON.stringify({
            text: this.#state.text,
            baseText: this.#base.text,
            baseRevision: this.#base.revision,
          } satisfies Kept),
        );
    } catch {
      // A full or forbidden storage: the server copy still gets every save.
    }
  }

  #schedule(ms: number): void {
    if (this.#disposed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#base) void this.#load();
      else void this.#save();
    }, ms);
  }

  async #load(): Promise<void> {
    try {
      this.#catchUp(await this.#opts.load());
    } catch (e) {
      if (this.#disposed) return;
      if (offline(e)) {
        this.#set({ status: 'offline' });
        this.#schedule(this.#opts.retryMs);
      } else this.#set({ status: 'refused', error: e });
    }
  }

  /** The server's text: merged into what is typed here, relative to the common base. */
  #catchUp(server: SessionText): void {
    if (this.#disposed) return;
    const shown = { savedAt: server.savedAt, savedBy: server.savedBy, revision: server.revision };
    if (!this.#base) {
      this.#base = { text: server.text, revision: server.revision };
      this.#set({ ready: true, text: server.text, status: 'saved', error: null, ...shown });
      return;
    }
    const restoring = !this.#state.ready || this.#state.status === 'loading';
    if (server.revision !== this.#base.revision) {
      const mine = this.#state.text;
      const merged = mergeLines(
        this.#base.text,
        mine,
        server.text,
        this.#opts.labels(server.savedBy ?? ''),
      );
      const edited = mine !== this.#base.text;
      this.#base = { text: server.text, revision: server.revision };
      const by = server.savedBy ?? '';
      this.#set({
        text: merged.text,
        notice:
          merged.conflicts > 0
            ? { kind: 'conflict', by }
            : edited && server.text !== merged.text
              ? { kind: restoring ? 'restored' : 'merged', by }
              : this.#state.notice,
      });
    } else if (restoring && this.#dirty()) {
      this.#set({ notice: { kind: 'restored', by: server.savedBy ?? '' } });
    }
    this.#set({ ready: true, error: null, ...shown });
    this.#keep();
    if (this.#dirty()) {
      this.#set({ status: 'dirty' });
      this.#schedule(0);
    } else this.#set({ status: 'saved' });
  }

  async #save(): Promise<void> {
    const base = this.#base;
    if (!base || this.#inFlight) return;
    if (!this.#dirty()) {
      this.#set({ status: 'saved' });
      return;
    }
    const text = this.#state.text;
    this.#inFlight = true;
    this.#set({ status: 'saving' });
    try {
      const saved = await api<SessionText>('PUT', this.#opts.saveUrl, {
        token: this.#opts.token(),
        body: { text, revision: base.revision },
      });
      this.#inFlight = false;
      this.#base = { text: saved.text, revision: saved.revision };
      this.#set({
        revision: saved.revision,
        savedAt: saved.savedAt,
        savedBy: saved.savedBy,
        error: null,
      });
      this.#keep();
      if (this.#dirty()) {
        this.#set({ status: 'dirty' });
        this.#schedule(this.#opts.debounceMs);
      } else {
        this.#set({ status: 'saved' });
        // Another desk saved while this save was under way.
        if (this.#remote > saved.revision) void this.#load();
      }
    } catch (e) {
      this.#inFlight = false;
      if (this.#disposed) return;
      const current =
        e instanceof ActionError && e.code === 'MINUTES_CONFLICT'
          ? (e.extra.current as SessionText | undefined)
          : undefined;
      if (current) this.#catchUp(current);
      else if (offline(e)) {
        this.#set({ status: 'offline' });
        this.#schedule(this.#opts.retryMs);
      } else this.#set({ status: 'refused', error: e });
    }
  }
}
