// The session form's state, its API body and where each server complaint
// belongs: plain functions, apart from the components, so they are tested alone.
import type {
  CreateSessionInput,
  SessionKind,
  SessionView,
} from '../../../../../src/contract/index.js';
import { ActionError } from '../../../api/http.js';
import { addDays, addMonths, firstOfMonth, isoToVn, vnToday, vnToIso } from './dates.js';

export interface AgendaRow {
  /** Stable key for React while rows move. */
  key: string;
  title: string;
  presenter: string;
  minutes: string;
  speeches: string;
}

export interface SessionForm {
  kind: SessionKind;
  title: string;
  day: string;
  start: string;
  end: string;
  urgent: boolean;
  chair: string;
  moderators: string[];
  agenda: AgendaRow[];
  points: string[];
  seconds: string;
  warningSeconds: string;
  overrun: 'end' | 'warn';
}

/** Where a complaint is shown: a field of the form. */
export type FieldKey =
  | 'kind'
  | 'title'
  | 'day'
  | 'start'
  | 'end'
  | 'chair'
  | 'moderators'
  | 'points'
  | 'seconds'
  | 'warningSeconds'
  | 'overrun'
  | `agenda.${number}.${'title' | 'presenter' | 'minutes' | 'speeches'}`;

let rowSeq = 0;
export function agendaRow(item: Partial<Omit<AgendaRow, 'key'>> = {}): AgendaRow {
  rowSeq += 1;
  return {
    key: `row-${rowSeq}`,
    title: '',
    presenter: '',
    minutes: '',
    speeches: '',
    ...item,
  };
}

/** A new session: the first working day of next month, 08:00–11:00, a monthly briefing. */
export function emptyForm(today: string = vnToday(), day?: string): SessionForm {
  let date = day ?? addMonths(firstOfMonth(today), 1);
  // Not on a weekend when chosen for the clerk.
  if (!day) while (new Date(`${date}T00:00:00Z`).getUTCDay() % 6 === 0) date = addDays(date, 1);
  return {
    kind: 'monthly',
    title: '',
    day: date,
    start: '08:00',
    end: '11:00',
    urgent: false,
    chair: '',
    moderators: [],
    agenda: [],
    points: [],
    seconds: '300',
    warningSeconds: '30',
    overrun: 'warn',
  };
}

export function formFromSession(session: SessionView): SessionForm {
  const start = isoToVn(session.startsAt);
  const end = isoToVn(session.endsAt);
  return {
    kind: session.kind,
    title: session.title,
    day: start.day,
    start: start.time,
    end: end.time,
    urgent: session.urgent,
    chair: session.chair?.username ?? '',
    moderators: session.moderators.map((m) => m.username),
    agenda: session.agenda.map((item) =>
      agendaRow({
        title: item.title,
        presenter: item.presenter ?? '',
        minutes: item.plannedMinutes === null ? '' : String(item.plannedMinutes),
        speeches: item.plannedSpeeches === null ? '' : String(item.plannedSpeeches),
      }),
    ),
    points: session.invitedPoints.map((p) => p.code),
    seconds: String(session.speech.seconds),
    warningSeconds: String(session.speech.warningSeconds),
    overrun: session.speech.overrun,
  };
}

/** The session's instants: the end on the next day when it is not after the start (an evening running past midnight is not offered: the end must follow the start). */
export function formTimes(form: Pick<SessionForm, 'day' | 'start' | 'end'>) {
  return { startsAt: vnToIso(form.day, form.start), endsAt: vnToIso(form.day, form.end) };
}

const int = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The body of POST /sessions (PATCH takes the same fields). */
export function formBody(form: SessionForm): CreateSessionInput {
  const { startsAt, endsAt } = formTimes(form);
  const seconds = int(form.seconds);
  const warningSeconds = int(form.warningSeconds);
  return {
    kind: form.kind,
    title: form.title.trim(),
    startsAt,
    endsAt,
    urgent: form.urgent,
    chairUsername: form.chair || null,
    moderatorUsernames: form.moderators,
    agenda: form.agenda.map((row) => {
      const minutes = int(row.minutes);
      const speeches = int(row.speeches);
      return {
        title: row.title.trim(),
        ...(row.presenter.trim() ? { presenter: row.presenter.trim() } : {}),
        ...(minutes === undefined ? {} : { plannedMinutes: minutes }),
        ...(speeches === undefined ? {} : { plannedSpeeches: speeches }),
      };
    }),
    invitedPointCodes: form.points,
    speech: {
      ...(seconds === undefined ? {} : { seconds }),
      ...(warningSeconds === undefined ? {} : { warningSeconds }),
      overrun: form.overrun,
    },
  };
}

/** Message keys by field: what the clerk must fix before the server is asked. */
export type Problems = Partial<Record<FieldKey, ProblemText>>;
export type ProblemText =
  | 'calendar.form.required'
  | 'calendar.form.invalid'
  | 'calendar.form.endAfterStart'
  | 'calendar.form.startFuture'
  | 'calendar.form.tooLong'
  | 'calendar.form.pointsRequired'
  | 'calendar.form.notice';

export function checkForm(form: SessionForm): Problems {
  const problems: Problems = {};
  if (!form.title.trim()) problems.title = 'calendar.form.required';
  if (!form.day) problems.day = 'calendar.form.required';
  if (!form.start) problems.start = 'calendar.form.required';
  if (!form.end) problems.end = 'calendar.form.required';
  else if (form.start && form.end <= form.start) problems.end = 'calendar.form.endAfterStart';
  if (form.points.length === 0) problems.points = 'calendar.form.pointsRequired';
  form.agenda.forEach((row, i) => {
    if (!row.title.trim()) problems[`agenda.${i}.title`] = 'calendar.form.required';
  });
  return problems;
}

const FIELD_OF: Record<string, FieldKey> = {
  kind: 'kind',
  title: 'title',
  startsAt: 'start',
  endsAt: 'end',
  chairUsername: 'chair',
  moderatorUsernames: 'moderators',
  invitedPointCodes: 'points',
  'speech/seconds': 'seconds',
  'speech/warningSeconds': 'warningSeconds',
  'speech/overrun': 'overrun',
};
const AGENDA_FIELD = {
  title: 'title',
  presenter: 'presenter',
  plannedMinutes: 'minutes',
  plannedSpeeches: 'speeches',
} as const;

/** The form field a server path like `body/agenda/2/title` concerns, if any. */
export function fieldOfPath(path: string): FieldKey | null {
  const rest = path.replace(/^body\/?/, '').replace(/^\//, '');
  const agenda = /^agenda\/(\d+)\/(\w+)/.exec(rest);
  if (agenda) {
    const name = AGENDA_FIELD[agenda[2] as keyof typeof AGENDA_FIELD];
    return name ? `agenda.${Number(agenda[1])}.${name}` : null;
  }
  for (const [prefix, field] of Object.entries(FIELD_OF))
    if (rest === prefix || rest.startsWith(`${prefix}/`)) return field;
  return null;
}

/** Known server messages in the clerk's words; anything else: "check this field". */
function problemOf(field: FieldKey, message: string): ProblemText {
  if (field === 'end' && /after/.test(message)) return 'calendar.form.endAfterStart';
  if (field === 'end' && /24 hours/.test(message)) return 'calendar.form.tooLong';
  if (field === 'start' && /future/.test(message)) return 'calendar.form.startFuture';
  return 'calendar.form.invalid';
}

export interface Clash {
  sessionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  pointCodes: string[];
  usernames: string[];
}

/** A refused save, sorted by where each part is shown beside the form. */
export interface SaveFailure {
  problems: Problems;
  clashes: Clash[];
  /** Failures that concern no field (network, rights): shown at the button. */
  other: unknown;
}

export function saveFailure(error: unknown): SaveFailure {
  const none: SaveFailure = { problems: {}, clashes: [], other: null };
  if (!(error instanceof ActionError)) return { ...none, other: error };
  if (error.code === 'SESSION_CLASH') {
    const clashes = Array.isArray(error.extra.clashes) ? (error.extra.clashes as Clash[]) : [];
    return { ...none, clashes };
  }
  if (error.code === 'NOTICE_TOO_SHORT')
    return { ...none, problems: { start: 'calendar.form.notice' } };
  if (error.fields.length > 0) {
    const problems: Problems = {};
    for (const f of error.fields) {
      const field = fieldOfPath(f.path);
      if (field && !problems[field]) problems[field] = problemOf(field, f.message);
    }
    if (Object.keys(problems).length > 0) return { ...none, problems };
  }
  return { ...none, other: error };
}

/** The id of a field's input, for labels and aria-describedby. */
export const inputId = (field: FieldKey) => `session-${field.replaceAll('.', '-')}`;
export const problemId = (field: FieldKey) => `${inputId(field)}-problem`;
