import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConnectionStage, ConnectionStages } from '../../src/realtime/connections.js';
import type { AppSocket } from '../../src/realtime/dispatch.js';

const stage = (name: string, after?: string[], ran?: string[]): ConnectionStage => ({
  name,
  after,
  attach: () => {
    ran?.push(name);
  },
});
const names = (stages: ConnectionStages) => stages.ordered().map((s) => s.name);
const position = (order: string[]) => (name: string) => order.indexOf(name);

describe('ConnectionStages', () => {
  it('runs every stage after the stages it names, whatever the order they were added in', () => {
    const stages = new ConnectionStages();
    stages.add(stage('media', ['attendance', 'auth']));
    stages.add(stage('speakers', ['attendance']));
    stages.add(stage('attendance', ['auth']));
    stages.add(stage('auth'));
    const order = names(stages);
    expect([...order].sort()).toEqual(['attendance', 'auth', 'media', 'speakers']);
    const at = position(order);
    expect(at('auth')).toBeLessThan(at('attendance'));
    expect(at('attendance')).toBeLessThan(at('media'));
    expect(at('attendance')).toBeLessThan(at('speakers'));
  });

  it('keeps the order stages were added in where none depends on another', () => {
    const stages = new ConnectionStages();
    for (const name of ['c', 'a', 'b']) stages.add(stage(name));
    expect(names(stages)).toEqual(['c', 'a', 'b']);
  });

  it('run attaches each stage once, in order, to the socket', () => {
    const ran: string[] = [];
    const sockets: unknown[] = [];
    const stages = new ConnectionStages();
    stages.add(stage('second', ['first'], ran));
    stages.add({
      name: 'first',
      attach: (socket) => {
        ran.push('first');
        sockets.push(socket);
      },
    });
    const socket = { id: 'sock-1' } as unknown as AppSocket;
    stages.run(socket);
    expect(ran).toEqual(['first', 'second']);
    expect(sockets).toEqual([socket]);
    stages.run(socket);
    expect(ran).toEqual(['first', 'second', 'first', 'second']);
  });

  it('orders once: the same order for every socket', () => {
    const stages = new ConnectionStages();
    stages.add(stage('a'));
    stages.add(stage('b', ['a']));
    expect(stages.ordered()).toBe(stages.ordered());
  });

  it('an unknown name fails, naming both stages', () => {
    const stages = new ConnectionStages();
    stages.add(stage('media', ['atendance']));
    expect(() => stages.ordered()).toThrow(/media runs after unknown stage atendance/);
  });

  it('a cycle fails: a stage after itself, two, three stages round', () => {
    const cycles: Array<Array<[string, string[]]>> = [
      [['a', ['a']]],
      [
        ['a', ['b']],
        ['b', ['a']],
      ],
      [
        ['x', []],
        ['a', ['c']],
        ['b', ['a']],
        ['c', ['b', 'x']],
      ],
    ];
    for (const cycle of cycles) {
      const stages = new ConnectionStages();
      for (const [name, after] of cycle) stages.add(stage(name, after));
      expect(() => stages.ordered()).toThrow(/cycle/);
      expect(() => stages.run({} as AppSocket)).toThrow(/cycle/);
    }
  });

  it('refuses a stage added after the order is fixed, or a name twice', () => {
    const stages = new ConnectionStages();
    stages.add(stage('auth'));
    expect(() => stages.add(stage('auth'))).toThrow(/twice/);
    stages.ordered();
    expect(() => stages.add(stage('late'))).toThrow(/late added after start/);
    expect(names(stages)).toEqual(['auth']);

    const started = new ConnectionStages();
    started.run({} as AppSocket);
    expect(() => started.add(stage('late'))).toThrow(/after start/);
  });

  it('orders any acyclic set of stages, added in any order (property)', () => {
    // Stage i may only name stages with a lower index: no cycle by construction.
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`)),
          ),
        ),
        fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i),
          { minLength: n, maxLength: n },
        ),
      ),
    );
    fc.assert(
      fc.property(graph, ([afters, addOrder]) => {
        const stages = new ConnectionStages();
        for (const i of addOrder) stages.add(stage(`s${i}`, afters[i]));
        const order = names(stages);
        expect([...order].sort()).toEqual(afters.map((_, i) => `s${i}`).sort());
        afters.forEach((after, i) => {
          for (const before of after) {
            expect(order.indexOf(before)).toBeLessThan(order.indexOf(`s${i}`));
          }
        });
      }),
    );
  });
});
