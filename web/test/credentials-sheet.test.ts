import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrShape } from '../src/features/secretariat/credentials/qr.js';
import {
  buildCsv,
  csvCell,
  csvFileName,
  joinLink,
} from '../src/features/secretariat/credentials/sheet.js';

const HEADER = ['Mã điểm cầu', 'Tên điểm cầu', 'Đường dẫn tham dự', 'Mã ngắn'] as const;

describe('the CSV of an issue', () => {
  const cards = [
    {
      code: 'ha-noi',
      name: 'Thành ủy Hà Nội',
      token: 'tok_A-1',
      shortCode: 'K7QM-3XPD-9RTW',
      createdAt: '2026-11-30T15:03:00.000Z',
    },
    {
      code: 'dak-lak',
      name: 'Tỉnh ủy "Đắk Lắk", cơ sở 2',
      token: 'tok_B-2',
      shortCode: 'AAAA-BBBB-CCCC',
      createdAt: '2026-11-30T15:03:00.000Z',
    },
  ];

  it('starts with a BOM, has the header and one CRLF row per point with its join link', () => {
    const csv = buildCsv(cards, 'https://giaoban.example.vn', HEADER);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      'Mã điểm cầu,Tên điểm cầu,Đường dẫn tham dự,Mã ngắn',
      'ha-noi,Thành ủy Hà Nội,https://giaoban.example.vn/join#tok_A-1,K7QM-3XPD-9RTW',
      'dak-lak,"Tỉnh ủy ""Đắk Lắk"", cơ sở 2",https://giaoban.example.vn/join#tok_B-2,AAAA-BBBB-CCCC',
      '',
    ]);
  });

  it('quotes separators and keeps Excel from reading a cell as a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+84 912')).toBe("'+84 912");
    expect(csvCell('plain')).toBe('plain');
  });

  it('names the file by the issue time in Asia/Ho_Chi_Minh', () => {
    // 17:30 UTC is 00:30 the next day in Vietnam.
    expect(csvFileName('2026-11-30T17:30:00.000Z')).toBe('ma-truy-cap-2026-12-01-0030.csv');
  });

  it('builds the join link with the token in the fragment', () => {
    expect(joinLink('http://10.0.0.5:3000', 'abc')).toBe('http://10.0.0.5:3000/join#abc');
  });
});

describe('the QR code of a join link', () => {
  const link = 'https://giaoban.example.vn/join#0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

  it('draws exactly the dark modules of the code, inside a quiet zone', () => {
    const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
    const shape = qrShape(link);
    expect(shape.size).toBe(modules.size);
    expect(shape.box).toBe(modules.size + 4);
    const drawn = new Set<string>();
    for (const [, x, y, w] of shape.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g))
      for (let i = 0; i < Number(w); i++) drawn.add(`${Number(y) - 2},${Number(x) - 2 + i}`);
    const dark = new Set<string>();
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark.add(`${r},${c}`);
    expect(drawn).toEqual(dark);
    // The finder pattern's top edge: seven dark modules from the quiet zone's corner.
    expect(shape.path.startsWith('M2 2h7v1h-7z')).toBe(true);
  });

  it('differs for different links', () => {
    expect(qrShape(`${link}X`).path).not.toBe(qrShape(link).path);
  });
});
