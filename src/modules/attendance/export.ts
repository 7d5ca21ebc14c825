import type { PointAttendance } from '../../contract/index.js';
import type { Column, Labels } from '../../http/exports.js';

/** The attendance record's columns: one row per invited point. */
const STATUS: Record<PointAttendance['status'], string> = {
  present: 'Có mặt',
  late: 'Đến muộn',
  absent: 'Vắng mặt',
  excused: 'Vắng có lý do',
};
export const POINT_KIND_VI: Record<PointAttendance['kind'], string> = {
  'central-hall': 'Điểm cầu chính (Trung ương)',
  'central-body': 'Cơ quan Trung ương',
  province: 'Tỉnh, thành phố',
  district: 'Quận, huyện',
  commune: 'Xã, phường',
};

const yesNo = (b: boolean | null, labels: Labels) =>
  b === null ? null : labels === 'en' ? (b ? 'yes' : 'no') : b ? 'Có' : 'Không';

export const attendanceColumns: Column<PointAttendance>[] = [
  { key: 'code', vi: 'Mã điểm cầu', width: 18, value: (r) => r.code },
  { key: 'name', vi: 'Tên điểm cầu', width: 36, value: (r) => r.name },
  {
    key: 'kind',
    vi: 'Loại',
    width: 22,
    value: (r, l) => (l === 'en' ? r.kind : (POINT_KIND_VI[r.kind] ?? r.kind)),
  },
  {
    key: 'status',
    vi: 'Trạng thái',
    width: 16,
    value: (r, l) => (l === 'en' ? r.status : STATUS[r.status]),
  },
  {
    key: 'checked_in_at',
    vi: 'Giờ điểm danh',
    width: 20,
    time: true,
    value: (r) => ({ at: r.checkedInAt }),
  },
  { key: 'delegates_count', vi: 'Số đại biểu', width: 12, value: (r) => r.delegatesCount },
  {
    key: 'delegates',
    vi: 'Đại biểu',
    width: 50,
    value: (r) => r.delegates.map((d) => (d.title ? `${d.name} (${d.title})` : d.name)).join('; '),
  },
  {
    key: 'roster_on_time',
    vi: 'Gửi danh sách đúng hạn',
    width: 14,
    value: (r, l) => yesNo(r.rosterOnTime, l),
  },
  {
    key: 'on_duty_at',
    vi: 'Giờ kỹ thuật viên trực',
    width: 20,
    time: true,
    value: (r) => ({ at: r.onDutyAt }),
  },
  {
    key: 'on_duty_on_time',
    vi: 'Trực đúng giờ',
    width: 12,
    value: (r, l) => yesNo(r.onDutyOnTime, l),
  },
  {
    key: 'connected_seconds',
    vi: 'Thời gian kết nối (giây)',
    width: 14,
    value: (r) => r.connectedSeconds,
  },
  { key: 'disconnects', vi: 'Số lần mất kết nối', width: 12, value: (r) => r.disconnects },
  {
    key: 'test_passed',
    vi: 'Đạt kiểm tra kỹ thuật',
    width: 14,
    value: (r, l) => yesNo(r.testPassed, l),
  },
  { key: 'absent_reason', vi: 'Lý do vắng', width: 30, value: (r) => r.absentReason ?? '' },
];
