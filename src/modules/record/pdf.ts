import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { REPORT_TIME_ZONE } from '../../http/exports.js';
import type { RecordData } from './gather.js';

// DejaVu carries every Vietnamese letter as one glyph, so `pdftotext` and a
// search in any reader give the text back exactly (Noto decomposes ị into
// i + a combining dot, which extraction loses).
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN - 30; // room for the footer

const KIND_VI: Record<string, string> = {
  monthly: 'Giao ban tháng',
  quarterly: 'Giao ban quý',
  'half-year': 'Sơ kết sáu tháng',
  thematic: 'Chuyên đề',
  extraordinary: 'Bất thường',
};
const STATUS_VI: Record<RecordData['points'][number]['status'], string> = {
  present: 'Có mặt',
  late: 'Đến muộn',
  absent: 'Vắng mặt',
  excused: 'Vắng có lý do',
};
const END_VI: Record<string, string> = {
  time: 'hết thời gian',
  speaker: 'người phát biểu kết thúc',
  moderator: 'điều hành kết thúc',
  chair: 'chủ trì kết thúc',
  session: 'phiên họp kết thúc',
};

const clock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: REPORT_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const day = new Intl.DateTimeFormat('vi-VN', {
  timeZone: REPORT_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const at = (iso: string | null) =>
  iso ? `${clock.format(new Date(iso))} ngày ${day.format(new Date(iso))}` : '—';
const time = (iso: string | null) => (iso ? clock.format(new Date(iso)) : '—');
/** 1:02:05 — a position in the recording. */
const clockOf = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
};
const duration = (seconds: number) => {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} phút ${s} giây` : `${s} giây`;
};

export interface Issue {
  version: number;
  issuedAt: Date;
  contentSha256: string;
}

/** The record as an A4 PDF in Vietnamese; resolves to its bytes. */
export function renderRecordPdf(data: RecordData, issue: Issue): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Biên bản: ${data.session.title}`,
      Author: data.session.convener,
      Subject: 'Biên bản hội nghị giao ban trực tuyến',
      CreationDate: issue.issuedAt,
      ModDate: issue.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const text = (s: string, options: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(s.normalize('NFC'), { width: WIDTH, ...options });
  const heading = (s: string) => {
    if (doc.y > BOTTOM - 60) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(12);
    text(s);
    doc.font('body').fontSize(10).moveDown(0.3);
  };
  const line = (label: string, value: string) => {
    doc.font('bold').fontSize(10);
    text(`${label}: `, { continued: true });
    doc.font('body');
    text(value);
  };

  // Title block.
  doc.font('bold').fontSize(10);
  text(data.session.convener.toUpperCase(), { align: 'left' });
  doc.moveDown(1.2).fontSize(15);
  text('BIÊN BẢN HỘI NGHỊ GIAO BAN TRỰC TUYẾN', { align: 'center' });
  doc.font('body').fontSize(12).moveDown(0.2);
  text(data.session.title, { align: 'center' });
  doc.fontSize(10).moveDown(0.2);
  text(`Phiên bản ${issue.version} · lập lúc ${at(issue.issuedAt.toISOString())}`, {
    align: 'center',
  });

  heading('I. Thông tin chung');
  line('Loại hội nghị', KIND_VI[data.session.kind] ?? data.session.kind);
  line('Thời gian dự kiến', `${at(data.session.startsAt)} – ${time(data.session.endsAt)}`);
  line(
    'Thời gian thực tế',
    data.session.startedAt
      ? `${at(data.session.startedAt)} – ${data.session.endedAt ? at(data.session.endedAt) : 'chưa kết thúc'}`
      : 'chưa diễn ra',
  );
  line('Đơn vị triệu tập', data.session.convener);
  line('Chủ trì', data.session.chair ?? 'chưa phân công');
  if (data.session.moderators.length > 0) line('Điều hành', data.session.moderators.join(', '));

  heading('II. Chương trình');
  if (data.agenda.length === 0) text('Không có chương trình chi tiết.');
  for (const a of data.agenda) {
    const planned =
      a.plannedSpeeches === null
        ? `${a.actualSpeeches} lượt phát biểu`
        : `${a.actualSpeeches}/${a.plannedSpeeches} lượt phát biểu dự kiến`;
    const minutes = a.plannedMinutes === null ? '' : `, ${a.plannedMinutes} phút`;
    text(
      `${a.position}. ${a.title}${a.presenter ? ` — ${a.presenter}` : ''} (${planned}${minutes})`,
    );
  }

  heading('III. Thành phần tham dự');
  const s = data.summary;
  text(
    `Được mời ${s.invited} điểm cầu; có mặt ${s.present} (trong đó đến muộn ${s.late}); vắng ${s.absent} (trong đó có lý do ${s.excused}).`,
  );
  doc.moveDown(0.3);
  table(
    doc,
    [
      { title: 'Điểm cầu', width: 150 },
      { title: 'Trạng thái', width: 80 },
      { title: 'Điểm danh', width: 60 },
      { title: 'Đại biểu / lý do vắng', width: WIDTH - 290 },
    ],
    data.points.map((p) => [
      `${p.name} (${p.code})`,
      STATUS_VI[p.status],
      time(p.checkedInAt),
      p.status === 'absent' || p.status === 'excused'
        ? p.absentReason
          ? `Lý do: ${p.absentReason}`
          : '—'
        : p.delegates.join('; ') || '—',
    ]),
  );

  heading('IV. Điểm danh lại');
  if (data.rollCalls.length === 0) text('Không có lượt điểm danh lại.');
  for (const [i, c] of data.rollCalls.entries()) {
    const missing = c.missing.length > 0 ? `; không trả lời: ${c.missing.join(', ')}` : '';
    text(
      `${i + 1}. Lúc ${at(c.startedAt)}: ${c.answered}/${c.invited} điểm cầu trả lời${missing}.`,
    );
  }

  heading('V. Các lượt phát biểu');
  if (data.speeches.length === 0) text('Không có lượt phát biểu.');
  const agendaTitle = new Map(data.agenda.map((a) => [a.position, a.title]));
  table(
    doc,
    [
      { title: 'STT', width: 28 },
      { title: 'Thời gian', width: 72 },
      { title: 'Điểm cầu', width: 125 },
      { title: 'Mục chương trình', width: 110 },
      { title: 'Thời lượng', width: 90 },
      { title: 'Trong bản ghi', width: WIDTH - 425 },
    ],
    data.speeches.map((sp, i) => [
      String(i + 1),
      `${time(sp.grantedAt)} – ${time(sp.endedAt)}`,
      `${sp.name}${sp.topic ? `\nNội dung: ${sp.topic}` : ''}`,
      sp.agendaPosition === null
        ? '—'
        : `${sp.agendaPosition}. ${agendaTitle.get(sp.agendaPosition) ?? ''}`,
      `${duration(sp.seconds)} (${END_VI[sp.endReason] ?? sp.endReason})`,
      sp.recordingOffset === null ? '—' : clockOf(sp.recordingOffset),
    ]),
  );
  if (data.unheard.length > 0) {
    doc.moveDown(0.3);
    text(
      `Đăng ký nhưng chưa được phát biểu khi kết thúc: ${data.unheard.map((u) => u.name).join(', ')}.`,
    );
  }

  const { materials, reports, conclusions } = data.extra;
  heading('VI. Tài liệu hội nghị');
  if (materials.length === 0) text('Không có tài liệu gửi kèm.');
  table(
    doc,
    [
      { title: 'Tài liệu', width: 190 },
      { title: 'Phiên bản', width: 60 },
      { title: 'Tệp', width: 145 },
      { title: 'Điểm cầu đã nhận', width: WIDTH - 395 },
    ],
    materials.map((m) => [
      `${m.title}${m.withdrawn ? ' (đã rút)' : ''}`,
      String(m.version),
      m.fileName,
      `${m.received}/${m.of}`,
    ]),
  );

  heading('VII. Báo cáo của các điểm cầu');
  text(
    reports.deadline
      ? `Hạn nộp: ${at(reports.deadline)}. Đã nộp ${reports.submitted.length} báo cáo (nộp muộn ${reports.submitted.filter((r) => !r.onTime).length}).`
      : `Không đặt hạn nộp. Đã nộp ${reports.submitted.length} báo cáo.`,
  );
  table(
    doc,
    [
      { title: 'Điểm cầu', width: 230 },
      { title: 'Nộp lúc', width: 130 },
      { title: 'Thời hạn', width: WIDTH - 360 },
    ],
    reports.submitted.map((r) => [r.name, at(r.at), r.onTime ? 'Đúng hạn' : 'Nộp muộn']),
  );
  if (reports.missing.length > 0) text(`Chưa nộp: ${reports.missing.join(', ')}.`);

  heading('VIII. Ghi hình');
  const rec = data.extra.recording;
  text(
    rec
      ? `Bản ghi dài ${clockOf(rec.totalSeconds)} (${rec.parts} phần${rec.gapSeconds > 0 ? `, gián đoạn tổng cộng ${rec.gapSeconds} giây` : ''}); vị trí của từng lượt phát biểu trong bản ghi ở mục V.`
      : 'Phiên họp không được ghi hình.',
  );

  heading('IX. Kết luận của chủ trì');
  if (!conclusions) text('Chưa có kết luận được phê duyệt.');
  else {
    text(conclusions.text);
    doc.moveDown(0.3).fontSize(9);
    text(
      `(Kết luận phiên bản ${conclusions.version}, ${conclusions.approvedBy} phê duyệt lúc ${at(conclusions.approvedAt)}.)`,
    );
    doc.fontSize(10);
  }

  // Signatures: who keeps the record and who presided.
  if (doc.y > BOTTOM - 110) doc.addPage();
  doc.moveDown(2);
  const top = doc.y;
  const half = WIDTH / 2;
  doc.font('bold').fontSize(10);
  doc.text('THƯ KÝ HỘI NGHỊ', MARGIN, top, { width: half, align: 'center' });
  doc.text('CHỦ TRÌ HỘI NGHỊ', MARGIN + half, top, { width: half, align: 'center' });
  doc.font('body').fontSize(9);
  doc.text('(Ký, ghi rõ họ tên)', MARGIN, top + 14, { width: half, align: 'center' });
  doc.text('(Ký, ghi rõ họ tên)', MARGIN + half, top + 14, { width: half, align: 'center' });
  if (data.session.chair)
    doc.text(data.session.chair.normalize('NFC'), MARGIN + half, top + 80, {
      width: half,
      align: 'center',
    });

  // Footer on every page: the content hash and the page number. Below the
  // bottom margin pdfkit would open a new page: lift the margin meanwhile.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7);
    doc.text(
      `Mã kiểm tra nội dung (SHA-256): ${issue.contentSha256} · Trang ${i + 1}/${range.count}`,
      MARGIN,
      841.89 - MARGIN + 10,
      { width: WIDTH, align: 'center', lineBreak: false },
    );
  }
  doc.end();
  return done;
}

interface Column {
  title: string;
  width: number;
}

/** Rows that wrap inside their cells, repeated headers on a new page. */
function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]): void {
  const pad = 4;
  const draw = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(9);
    const height =
      Math.max(
        ...cells.map((c, i) =>
          doc.heightOfString(c.normalize('NFC'), { width: (columns[i]?.width ?? 50) - 2 * pad }),
        ),
      ) +
      2 * pad;
    if (doc.y + height > BOTTOM) {
      doc.addPage();
      if (!bold)
        draw(
          columns.map((c) => c.title),
          true,
        );
      doc.font(bold ? 'bold' : 'body').fontSize(9);
    }
    const y = doc.y;
    let x = MARGIN;
    for (const [i, c] of cells.entries()) {
      const w = columns[i]?.width ?? 50;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      doc.text(c.normalize('NFC'), x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    }
    doc.x = MARGIN;
    doc.y = y + height;
  };
  if (rows.length === 0) return;
  draw(
    columns.map((c) => c.title),
    true,
  );
  for (const r of rows) draw(r, false);
  doc.moveDown(0.3);
}
