import type { SpeakersRecord } from '../../contract/index.js';
import type { Column } from '../../http/exports.js';

/** One row per speech in order, then per request the session ended before hearing. */
export interface SpeechRow {
  code: string;
  name: string;
  status: 'spoken' | 'lapsed';
  topic: string | null;
  agendaPosition: number | null;
  grantedAt: string | null;
  endedAt: string | null;
  seconds: number | null;
  grantedSeconds: number | null;
  endReason: SpeakersRecord['history'][number]['endReason'] | null;
}

export function speechRows(record: SpeakersRecord): SpeechRow[] {
  return [
    ...record.history.map((h) => ({
      code: h.code,
      name: h.name,
      status: 'spoken' as const,
      topic: h.topic,
      agendaPosition: h.agendaPosition,
      grantedAt: h.grantedAt,
      endedAt: h.endedAt,
      seconds: h.seconds,
      grantedSeconds: h.grantedSeconds,
      endReason: h.endReason,
    })),
    ...record.unheard.map((u) => ({
      code: u.code,
      name: u.name,
      status: 'lapsed' as const,
      topic: u.topic,
      agendaPosition: u.agendaPosition,
      grantedAt: null,
      endedAt: null,
      seconds: null,
      grantedSeconds: null,
      endReason: null,
    })),
  ];
}

const STATUS_VI = { spoken: 'Đã phát biểu', lapsed: 'Chưa được phát biểu' } as const;
const END_VI: Record<NonNullable<SpeechRow['endReason']>, string> = {
  time: 'Hết thời gian',
  speaker: 'Người phát biểu kết thúc',
  moderator: 'Điều hành kết thúc',
  chair: 'Chủ trì kết thúc',
  session: 'Phiên họp kết thúc',
};

export const speechColumns: Column<SpeechRow>[] = [
  { key: 'code', vi: 'Mã điểm cầu', width: 18, value: (r) => r.code },
  { key: 'name', vi: 'Điểm cầu', width: 36, value: (r) => r.name },
  {
    key: 'status',
    vi: 'Trạng thái',
    width: 20,
    value: (r, l) => (l === 'en' ? r.status : STATUS_VI[r.status]),
  },
  { key: 'topic', vi: 'Nội dung', width: 36, value: (r) => r.topic ?? '' },
  { key: 'agenda_position', vi: 'Mục chương trình', width: 10, value: (r) => r.agendaPosition },
  {
    key: 'granted_at',
    vi: 'Bắt đầu',
    width: 20,
    time: true,
    value: (r) => ({ at: r.grantedAt }),
  },
  { key: 'ended_at', vi: 'Kết thúc', width: 20, time: true, value: (r) => ({ at: r.endedAt }) },
  { key: 'seconds', vi: 'Thời lượng (giây)', width: 12, value: (r) => r.seconds },
  {
    key: 'granted_seconds',
    vi: 'Thời gian được giao (giây)',
    width: 12,
    value: (r) => r.grantedSeconds,
  },
  {
    key: 'end_reason',
    vi: 'Lý do kết thúc',
    width: 24,
    value: (r, l) => (r.endReason === null ? null : l === 'en' ? r.endReason : END_VI[r.endReason]),
  },
];
