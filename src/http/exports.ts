import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';

/**
 * Records as files the secretariat opens in Excel: CSV (UTF-8 with BOM, CRLF)
 * or XLSX, with Vietnamese headers and values by default, or the English
 * machine form (`labels=en`: snake_case headers, enum values as the API
 * has them) for scripts. Times are Vietnam's (UTC+7), as the clerk reads them.
 */

export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const localTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: REPORT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `2026-12-15 08:00:00` in Vietnam for an ISO instant; empty for none. */
export const local = (iso: string | null) => (iso ? localTime.format(new Date(iso)) : '');

export type Labels = 'vi' | 'en';
/** A cell: text, a number, an instant (shown in Vietnam time), or nothing. */
export type Cell = string | number | { at: string | null } | null;

export interface Column<R> {
  /** The machine header (labels=en). */
  key: string;
  /** The header a person reads. */
  vi: string;
  /** Excel column width, in characters. */
  width?: number;
  /** Its cells are instants: Excel shows them as dates. */
  time?: boolean;
  value: (row: R, labels: Labels) => Cell;
}

export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Enum(['json', 'csv', 'xlsx'])),
  labels: Type.Enum(['vi', 'en'], {
    default: 'vi',
    description: 'vi: Vietnamese headers and values; en: the machine form (snake_case, API enums)',
  }),
});

/** What the caller asked for: `?format=`, else `Accept: text/csv` means CSV. */
export function exportFormat(request: {
  query: { format?: string | undefined };
  headers: { accept?: string | undefined };
}): 'json' | 'csv' | 'xlsx' {
  const format = request.query.format;
  if (format === 'csv' || format === 'xlsx' || format === 'json') return format;
  return /\btext\/csv\b/.test(request.headers.accept ?? '') ? 'csv' : 'json';
}

const text = (cell: Cell): string | number =>
  cell === null ? '' : typeof cell === 'object' ? local(cell.at) : cell;

export function toCsv<R>(columns: Column<R>[], rows: R[], labels: Labels): string {
  return stringify(
    rows.map((r) => columns.map((c) => text(c.value(r, labels)))),
    {
      header: true,
      columns: columns.map((c) => (labels === 'en' ? c.key : c.vi)),
      bom: true,
      record_delimiter: 'windows',
    },
  );
}

export async function toXlsx<R>(
  columns: Column<R>[],
  rows: R[],
  labels: Labels,
  sheetName: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'giaoban';
  const sheet = book.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: labels === 'en' ? c.key : c.vi,
    key: c.key,
    width: c.width ?? 16,
  }));
  for (const r of rows) {
    sheet.addRow(
      columns.map((c) => {
        const cell = c.value(r, labels);
        if (cell === null) return null;
        // Excel has no time zones: the cell holds Vietnam's wall-clock time.
        if (typeof cell === 'object')
          return cell.at ? new Date(Date.parse(cell.at) + VIETNAM_OFFSET_MS) : null;
        return cell;
      }),
    );
  }
  columns.forEach((c, i) => {
    if (c.time) sheet.getColumn(i + 1).numFmt = 'dd/mm/yyyy hh:mm:ss';
  });
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Sends the table as a download in the asked format. */
export async function sendTable<R>(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  name: string,
  table: { columns: Column<R>[]; rows: R[]; labels: Labels; sheet: string },
) {
  const { columns, rows, labels, sheet } = table;
  reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  // A string or buffer goes out as-is: the JSON response schema does not apply to it.
  if (format === 'csv')
    return reply.type('text/csv; charset=utf-8').send(toCsv(columns, rows, labels) as never);
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send((await toXlsx(columns, rows, labels, sheet)) as never);
}
