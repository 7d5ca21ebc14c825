// One console's live line to a session: socket.io with the contract's typed
// events. The server re-joins the socket after every reconnection (handshake
// `sessionId`) and pushes a fresh snapshot, so this class only keeps the
// latest state and tells React when it changes.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  AttendanceSummary,
  ClientAcks,
  ClientEvent,
  ClientToServerEvents,
  ConclusionVersion,
  Floor,
  PayloadOf,
  PointAttendance,
  QueueEntry,
  RollCallView,
  ServerToClientEvents,
  SessionSnapshot,
  SessionStatus,
} from '../../../src/contract/index.js';
import { ActionError } from './http.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the person sees of the line: always shown on screen. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface FloorWarning {
  entryId: string;
  remainingSeconds: number;
  overrun: boolean;
}

export interface LiveState {
  connection: ConnectionState;
  /** Why the server refused the line (a handshake code), when it did. */
  refusal: string | null;
  session: SessionSnapshot['session'] | null;
  status: SessionStatus | null;
  summary: AttendanceSummary | null;
  /** Board rows by point code (people see all invited points; a point its own). */
  points: ReadonlyMap<string, PointAttendance>;
  /** Whole for the people and the hall; a point's: the head and its own entries. */
  queue: QueueEntry[];
  /** Entries in the whole queue. */
  queueLength: number;
  floor: Floor | null;
  warning: FloorWarning | null;
  rollCall: RollCallView | null;
  /** The server's word on this point's microphone (points only). */
  micMuted: boolean | null;
  activeSpeaker: string | null;
  /** Bumped when the server asks for media to be set up again. */
  mediaResets: number;
  /** The chair's latest published conclusions. */
  conclusions: ConclusionVersion | null;
}

const initial: LiveState = {
  connection: 'connecting',
  refusal: null,
  session: null,
  status: null,
  summary: null,
  points: new Map(),
  queue: [],
  queueLength: 0,
  floor: null,
  warning: null,
  rollCall: null,
  micMuted: null,
  activeSpeaker: null,
  mediaResets: 0,
  conclusions: null,
};

export class LiveSession {
  readonly sessionId: string;
  readonly socket: LiveSocket;
  #state: LiveState = initial;
  /** Told when the login token was renewed (the console stores it). */
  onTokenRenewed?: (token: string, expiresAt: string) => void;
  readonly #listeners = new Set<() => void>();

  private constructor(sessionId: string, socket: LiveSocket) {
    this.sessionId = sessionId;
    this.socket = socket;
  }

  /** Opens the line; the server joins it to the session and pushes the snapshot. */
  static open(options: { token: string; sessionId: string; url?: string }): LiveSession {
    const socket: LiveSocket = io(options.url ?? '/', {
      transports: ['websocket'],
      auth: { token: options.token, sessionId: options.sessionId },
      // A provincial line may drop for minutes: keep trying, a little slower each time.
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    const live = new LiveSession(options.sessionId, socket);
    live.#listen();
    return live;
  }

  get state(): LiveState {
    return this.#state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = (): LiveState => this.#state;

  /** Sends a client event; resolves its ack's data or rejects with an ActionError. */
  async emit<E extends ClientEvent>(event: E, payload: PayloadOf<E>): Promise<ClientAcks[E]> {
    if (!this.socket.connected) throw new ActionError('NETWORK', 'not connected');
    let ack: Ack<ClientAcks[E]>;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: socket.io's typed emitWithAck cannot follow a generic event name
      ack = await (this.socket.timeout(15_000) as any).emitWithAck(event, payload);
    } catch {
      throw new ActionError('TIMEOUT', `${event}: no answer`);
    }
    if (!ack.ok) throw new ActionError(ack.error.code, ack.error.message);
    return ack.data;
  }

  /** A row the server answered with (a point's own check-in, test result). */
  putPoint(row: PointAttendance): void {
    const points = new Map(this.#state.points);
    points.set(row.code, row);
    this.#set({ points });
  }

  /** A point answered the roll call: shown at once, before the close. */
  answeredRollCall(code: string, answeredAt: string): void {
    this.answeredRollCalls([{ code, answeredAt }]);
  }

  /** Several answers at once (the server batches them): one state change. */
  answeredRollCalls(answers: ReadonlyArray<{ code: string; answeredAt: string }>): void {
    const rollCall = this.#state.rollCall;
    if (!rollCall) return;
    const known = new Set(rollCall.answered.map((a) => a.code));
    const fresh: Array<{ code: string; answeredAt: string }> = [];
    for (const answer of answers) {
      if (known.has(answer.code)) continue;
      known.add(answer.code);
      fresh.push(answer);
    }
    if (fresh.length === 0) return;
    const codes = new Set(fresh.map((a) => a.code));
    this.#set({
      rollCall: {
        ...rollCall,
        answered: [...rollCall.answered, ...fresh],
        notAnswered: rollCall.notAnswered.filter((c) => !codes.has(c)),
        answeredCount: rollCall.answeredCount + fresh.length,
      },
    });
  }

  /** Replaces the token used for the next reconnections (a renewed login). */
  setToken(token: string): void {
    this.socket.auth = { token, sessionId: this.sessionId };
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.#listeners.clear();
  }

  #set(patch: Partial<LiveState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }

  #mine(event: { sessionId: string }): boolean {
    return event.sessionId === this.sessionId;
  }

  #listen(): void {
    const s = this.socket;
    // A person's login token is renewed in-band before it expires, and kept for reconnections.
    s.on('auth:expiring', () => {
      this.emit('auth:refresh', {}).then(
        (renewal) => {
          this.setToken(renewal.token);
          this.onTokenRenewed?.(renewal.token, renewal.expiresAt);
        },
        () => {},
      );
    });
    s.on('connect', () => this.#set({ connection: 'online', refusal: null }));
    let lastServerClose = 0;
    s.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      // The server closed the line on purpose (credential revoked, login
      // expired): socket.io does not retry by itself. One new handshake tells
      // why (connect_error with a code), or finds the line usable again.
      if (reason === 'io server disconnect') {
        const again = Date.now() - lastServerClose > 10_000;
        lastServerClose = Date.now();
        this.#set({ connection: again ? 'reconnecting' : 'refused' });
        if (again) s.connect();
        return;
      }
      this.#set({ connection: 'reconnecting' });
    });
    s.on('connect_error', (error) => {
      // A refused handshake (bad or revoked credential) is final; anything else retries.
      const code = error.message;
      if (code.startsWith('AUTH_')) this.#set({ connection: 'refused', refusal: code });
      else this.#set({ connection: 'reconnecting' });
    });
    s.on('session:snapshot', (snap) => {
      if (snap.session.id !== this.sessionId) return;
      this.#set({
        session: snap.session,
        status: snap.session.status,
        summary: snap.attendance.summary,
        points: new Map(snap.attendance.points.map((p) => [p.code, p])),
        queue: snap.queue,
        queueLength: snap.queueLength ?? snap.queue.length,
        floor: snap.floor,
        rollCall: snap.rollCall,
        conclusions: snap.conclusions ?? null,
      });
    });
    s.on('conclusions:published', (event) => {
      if (this.#mine(event)) this.#set({ conclusions: event });
    });
    s.on('session:status', (event) => {
      if (!this.#mine(event) || !this.#state.session) return;
      this.#set({
        status: event.status,
        session: { ...this.#state.session, status: event.status },
      });
    });
    s.on('attendance:updated', (event) => {
      if (!this.#mine(event)) return;
      const points = new Map(this.#state.points);
      for (const row of event.points) points.set(row.code, row);
      this.#set({ points, summary: event.summary });
    });
    s.on('speaker:queue', (event) => {
      const floorChanged = event.current?.entryId !== this.#state.floor?.entryId;
      this.#set({
        queue: event.queue,
        queueLength: event.length ?? event.queue.length,
        floor: event.current,
        warning: floorChanged ? null : this.#state.warning,
      });
    });
    s.on('floor:granted', (event) => {
      if (!this.#mine(event)) return;
      const { sessionId: _, ...floor } = event;
      this.#set({ floor, warning: null });
    });
    s.on('floor:warning', (event) => {
      if (!this.#mine(event)) return;
      this.#set({
        warning: {
          entryId: event.entryId,
          remainingSeconds: event.remainingSeconds,
          overrun: event.overrun,
        },
      });
    });
    s.on('floor:ended', (event) => {
      if (!this.#mine(event)) return;
      if (this.#state.floor?.entryId === event.entryId) this.#set({ floor: null, warning: null });
    });
    s.on('rollcall:started', (event) => {
      if (this.#mine(event)) this.#set({ rollCall: event });
    });
    s.on('rollcall:closed', (event) => {
      if (this.#mine(event)) this.#set({ rollCall: event });
    });
    s.on('rollcall:answered', (event) => {
      if (this.#mine(event) && this.#state.rollCall?.rollCallId === event.rollCallId)
        this.answeredRollCalls(event.answers);
    });
    s.on('media:mic', (event) => {
      if (this.#mine(event)) this.#set({ micMuted: event.muted });
    });
    s.on('media:active-speaker', (event) => {
      if (this.#mine(event)) this.#set({ activeSpeaker: event.code });
    });
    s.on('media:reset', (event) => {
      if (this.#mine(event)) this.#set({ mediaResets: this.#state.mediaResets + 1 });
    });
  }
}
