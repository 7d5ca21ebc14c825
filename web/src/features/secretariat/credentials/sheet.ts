// The hand-out of freshly issued credentials: the join link each point
// opens, and the CSV the clerk keeps or mails out (UTF-8 with a BOM, so
// Excel shows the Vietnamese names; CRLF lines, as Excel writes them).

/** What a point's card and CSV row carry; the token exists only in the answer. */
export interface IssuedCard {
  code: string;
  name: string;
  token: string;
  shortCode: string;
  createdAt: string;
}

/** The link that signs a point's console in: the token stays in the fragment, out of server logs. */
export function joinLink(origin: string, token: string): string {
  return `${origin}/join#${token}`;
}

/** One CSV field: quoted when it must be, and never read by Excel as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The sheet as CSV: code, name, join link, short code — one row per point,
 * under the given header (the page's language).
 */
export function buildCsv(
  cards: readonly IssuedCard[],
  origin: string,
  header: readonly [string, string, string, string],
): string {
  const rows = [
    header,
    ...cards.map((c) => [c.code, c.name, joinLink(origin, c.token), c.shortCode]),
  ];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** "ma-truy-cap-2026-11-30-2203.csv": the time in Asia/Ho_Chi_Minh. */
export function csvFileName(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `ma-truy-cap-${part('year')}-${part('month')}-${part('day')}-${part('hour')}${part('minute')}.csv`;
}
