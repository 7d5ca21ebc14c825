import type { FastifyReply } from 'fastify';

/**
 * Records as CSV, the way the secretariat opens them: in Excel, with
 * Vietnamese names, times local to Vietnam.
 */

/** Times in records are local to the secretariat (Vietnam, UTC+7), as Excel shows them. */
export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
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

/** The caller asked for CSV: `?format=csv`, or `Accept: text/csv` without a format. */
export function wantsCsv(request: {
  query: { format?: string | undefined };
  headers: { accept?: string | undefined };
}): boolean {
  const format = request.query.format;
  return (
    format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''))
  );
}

/** Sends a CSV body as a download (UTF-8 with BOM and CRLF come from the stringifier). */
export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return (
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      // A string goes out as-is: the JSON response schema does not apply to it.
      .send(csv as never)
  );
}
