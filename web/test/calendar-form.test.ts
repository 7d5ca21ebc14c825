import { describe, expect, it } from 'vitest';
import { ActionError } from '../src/api/http.js';
import {
  agendaRow,
  checkForm,
  emptyForm,
  fieldOfPath,
  formBody,
  saveFailure,
} from '../src/features/secretariat/calendar/form-model.js';
import {
  buildTree,
  filterTree,
  provinceCodes,
  regionCodes,
} from '../src/features/secretariat/calendar/point-tree.js';

describe('the session form', () => {
  it('sends the times as Vietnamese wall-clock instants and the agenda in order', () => {
    const form = {
      ...emptyForm('2026-05-20'),
      title: ' Giao ban tháng 6 ',
      day: '2026-06-01',
      start: '08:00',
      end: '11:30',
      points: ['trung-uong', 'hue'],
      agenda: [
        agendaRow({ title: 'Báo cáo', presenter: 'Văn phòng', minutes: '20', speeches: '' }),
        agendaRow({ title: 'Thảo luận', presenter: '', minutes: '', speeches: '5' }),
      ],
    };
    const body = formBody(form);
    expect(body).toMatchObject({
      title: 'Giao ban tháng 6',
      startsAt: '2026-06-01T01:00:00.000Z',
      endsAt: '2026-06-01T04:30:00.000Z',
      chairUsername: null,
      invitedPointCodes: ['trung-uong', 'hue'],
      speech: { seconds: 300, warningSeconds: 30, overrun: 'warn' },
    });
    expect(body.agenda).toEqual([
      { title: 'Báo cáo', presenter: 'Văn phòng', plannedMinutes: 20 },
      { title: 'Thảo luận', plannedSpeeches: 5 },
    ]);
  });

  it('proposes the first working day of next month', () => {
    // 1 August 2026 is a Saturday: Monday the 3rd.
    expect(emptyForm('2026-07-10').day).toBe('2026-08-03');
    expect(emptyForm('2026-05-10').day).toBe('2026-06-01');
  });

  it('finds what the clerk must fix before asking the server', () => {
    const form = { ...emptyForm('2026-05-20'), end: '07:00', agenda: [agendaRow()] };
    expect(checkForm(form)).toEqual({
      title: 'calendar.form.required',
      end: 'calendar.form.endAfterStart',
      points: 'calendar.form.pointsRequired',
      'agenda.0.title': 'calendar.form.required',
    });
  });

  it('puts each refusal of the server beside its field', () => {
    expect(fieldOfPath('body/agenda/2/plannedMinutes')).toBe('agenda.2.minutes');
    expect(fieldOfPath('body/startsAt')).toBe('start');
    expect(fieldOfPath('body/invitedPointCodes/3')).toBe('points');
    expect(fieldOfPath('body/speech/seconds')).toBe('seconds');
    expect(fieldOfPath('body/nonsense')).toBeNull();
    const clash = {
      sessionId: 'x',
      title: 'Giao ban',
      startsAt: '2026-06-01T01:00:00Z',
      endsAt: '2026-06-01T04:00:00Z',
      pointCodes: ['hue'],
      usernames: [],
    };
    expect(
      saveFailure(new ActionError('SESSION_CLASH', '', 409, [], { clashes: [clash] })).clashes,
    ).toEqual([clash]);
    expect(saveFailure(new ActionError('NOTICE_TOO_SHORT', '', 422)).problems).toEqual({
      start: 'calendar.form.notice',
    });
    expect(
      saveFailure(
        new ActionError('VALIDATION_FAILED', '', 400, [
          { path: 'body/endsAt', message: 'must be after startsAt' },
          { path: 'body/agenda/0/title', message: 'must NOT have fewer than 1 characters' },
        ]),
      ).problems,
    ).toEqual({ end: 'calendar.form.endAfterStart', 'agenda.0.title': 'calendar.form.invalid' });
    const network = new ActionError('NETWORK', 'down');
    expect(saveFailure(network)).toEqual({ problems: {}, clashes: [], other: network });
  });
});

describe('the registry tree of invited points', () => {
  const points = [
    { code: 'hue', name: 'Huế', kind: 'province' as const, parentCode: null },
    {
      code: 'trung-uong',
      name: 'Hội trường Trung ương',
      kind: 'central-hall' as const,
      parentCode: null,
    },
    { code: 'ha-noi', name: 'Hà Nội', kind: 'province' as const, parentCode: null },
    { code: 'ba-dinh', name: 'Ba Đình', kind: 'district' as const, parentCode: 'ha-noi' },
    { code: 'phuc-xa', name: 'Phúc Xá', kind: 'commune' as const, parentCode: 'ba-dinh' },
  ];

  it('orders the centre first, then provinces by name, with their regions below', () => {
    const tree = buildTree(points);
    expect(tree.map((n) => n.point.code)).toEqual(['trung-uong', 'ha-noi', 'hue']);
    expect(regionCodes(tree[1] as (typeof tree)[number]).sort()).toEqual([
      'ba-dinh',
      'ha-noi',
      'phuc-xa',
    ]);
    expect(provinceCodes(points).sort()).toEqual(['ha-noi', 'hue', 'trung-uong']);
  });

  it('finds a point by name without accents and keeps its ancestors', () => {
    const found = filterTree(buildTree(points), 'phuc xa');
    expect(found.map((n) => n.point.code)).toEqual(['ha-noi']);
    expect(found[0]?.children[0]?.children[0]?.point.code).toBe('phuc-xa');
  });
});
