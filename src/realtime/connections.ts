import type { AppSocket } from './dispatch.js';

/**
 * What a feature does with each new (or recovered) socket: registers its
 * event handlers, restores its state. Stages run in a declared order: media
 * relies on the session list attendance fills, auth's expiry watch must be
 * armed before any event is handled.
 */
export interface ConnectionStage {
  name: string;
  /** Stages that must have run on the socket before this one. */
  after?: readonly string[];
  attach(socket: AppSocket): void;
}

/**
 * The one `connection` listener's stages, ordered by their declared
 * dependencies (a stage never runs before one it names in `after`). The
 * order is fixed at start; an unknown name or a cycle fails the start.
 */
export class ConnectionStages {
  readonly #stages = new Map<string, ConnectionStage>();
  #ordered: ConnectionStage[] | undefined;

  add(stage: ConnectionStage): void {
    if (this.#ordered) throw new Error(`connection stage ${stage.name} added after start`);
    if (this.#stages.has(stage.name)) throw new Error(`connection stage ${stage.name} twice`);
    this.#stages.set(stage.name, stage);
  }

  /** The stages in the order they run; computed once. */
  ordered(): ConnectionStage[] {
    if (this.#ordered) return this.#ordered;
    const done = new Set<string>();
    const visiting = new Set<string>();
    const order: ConnectionStage[] = [];
    const visit = (name: string, from: string) => {
      const stage = this.#stages.get(name);
      if (!stage) throw new Error(`connection stage ${from} runs after unknown stage ${name}`);
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`connection stages form a cycle at ${name}`);
      visiting.add(name);
      for (const before of stage.after ?? []) visit(before, name);
      visiting.delete(name);
      done.add(name);
      order.push(stage);
    };
    for (const name of this.#stages.keys()) visit(name, name);
    this.#ordered = order;
    return order;
  }

  run(socket: AppSocket): void {
    for (const stage of this.ordered()) stage.attach(socket);
  }
}
