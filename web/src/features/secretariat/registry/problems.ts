// What the server says is wrong, in words a clerk can act on: the import's
// problems by line and column, and a form's problems by field. Pure.
import type { Lang } from '../../../i18n/i18n.js';

export interface ImportProblem {
  /** Line in the file (the header is line 1). */
  line: number;
  /** The CSV column, e.g. `kind`; `csv` for the file as a whole. */
  column: string;
  message: string;
}

/** `{path: 'line 3: kind', message}` (the 422 CSV_INVALID) → one problem, sorted by line. */
export function importProblems(
  fields: ReadonlyArray<{ path: string; message: string }>,
  lang: Lang,
): ImportProblem[] {
  return fields
    .map((f) => {
      const m = /^line (\d+)(?::\s*(.+))?$/.exec(f.path.trim());
      return {
        line: m ? Number(m[1]) : 1,
        column: m?.[2] ?? f.path,
        message: lang === 'vi' ? problemVi(f.message) : f.message,
      };
    })
    .sort((a, b) => a.line - b.line);
}

/** The text of one line of the file (1-based, as the server counts), to show beside its problem. */
export function lineOf(csv: string, line: number): string {
  return csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)[line - 1] ?? '';
}

const KIND_VI: Record<string, string> = {
  'central-hall': 'điểm cầu chính (central-hall)',
  'central-body': 'cơ quan Trung ương (central-body)',
  province: 'tỉnh, thành phố (province)',
  district: 'huyện (district)',
  commune: 'xã, phường (commune)',
};
const kindVi = (k: string) => KIND_VI[k.trim()] ?? k;
const kindsVi = (list: string) =>
  list
    .split(/\s+or\s+|,\s*/)
    .map(kindVi)
    .join(' hoặc ');

type Rule = [RegExp, (m: RegExpExecArray) => string];
const g = (m: RegExpExecArray, i: number) => m[i] ?? '';

/** The server's English problems (import rows and point writes) and their Vietnamese. */
const RULES: Rule[] = [
  [
    /^invalid code "(.*)"$/,
    (m) =>
      `Mã "${g(m, 1)}" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ ha-noi).`,
  ],
  [
    /^duplicate of line (\d+)$/,
    (m) => `Mã bị trùng với dòng ${g(m, 1)}. Mỗi điểm cầu chỉ một dòng.`,
  ],
  [/^name must be/, () => 'Tên phải có từ 1 đến 200 ký tự.'],
  [
    /^kind must be one of/,
    () =>
      'Loại không hợp lệ. Dùng một trong: central-hall, central-body, province, district, commune.',
  ],
  [
    /cannot be its own parent/,
    () => 'Điểm cầu không thể trực thuộc chính nó. Sửa cột parent_code.',
  ],
  [
    /^(?:unknown point|No parent point) (\S+)$/,
    (m) =>
      `Không có điểm cầu mã "${g(m, 1)}" (trong tệp hay trong danh mục). Kiểm tra mã cấp trên.`,
  ],
  [
    /^a (\S+) needs a parent$/,
    (m) => `Một ${kindVi(g(m, 1))} phải có đơn vị cấp trên. Chọn hoặc điền mã cấp trên.`,
  ],
  [
    /^a (\S+) has no parent$/,
    (m) => `Một ${kindVi(g(m, 1))} không có đơn vị cấp trên. Để trống mã cấp trên.`,
  ],
  [
    /^a (\S+)'s parent must be a (.+), not a (\S+)$/,
    (m) =>
      `Đơn vị cấp trên của ${kindVi(g(m, 1))} phải là ${kindsVi(g(m, 2))}, không phải ${kindVi(g(m, 3))}.`,
  ],
  [
    /^The parent (\S+) is inactive$/,
    (m) => `Đơn vị cấp trên "${g(m, 1)}" đã ngừng hoạt động. Kích hoạt lại hoặc chọn đơn vị khác.`,
  ],
  [
    /^(\S+) \((\S+)\) could no longer sit under a (\S+)$/,
    (m) =>
      `Không đổi loại được: "${g(m, 1)}" (${kindVi(g(m, 2))}) đang trực thuộc điểm cầu này và không thể trực thuộc một ${kindVi(g(m, 3))}.`,
  ],
  [
    /^The code (\S+) is taken$/,
    (m) => `Mã "${g(m, 1)}" đã có trong danh mục. Chọn mã khác, hoặc sửa điểm cầu đó.`,
  ],
  [
    /^missing column$/,
    () => 'Thiếu cột này ở dòng tiêu đề. Dòng đầu phải là: code,name,kind,parent_code',
  ],
  [/^no rows$/, () => 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.'],
  [/^more than (\d+) rows$/, (m) => `Tệp có quá ${g(m, 1)} dòng. Chia thành nhiều tệp nhỏ hơn.`],
  [
    /Invalid Record Length|Quote|column/i,
    () =>
      'Số cột của dòng không khớp với dòng tiêu đề. Kiểm tra dấu phẩy; tên có dấu phẩy phải đặt trong ngoặc kép.',
  ],
  [
    /must match pattern/,
    () => 'Không đúng dạng: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang.',
  ],
  [
    /^invalid phone "(.*)"/,
    (m) => `Số điện thoại "${g(m, 1)}" không hợp lệ: chỉ gồm chữ số, dấu cách và + ( ) . -`,
  ],
  [/^at most (\d+) characters$/, (m) => `Dài quá ${g(m, 1)} ký tự.`],
  [/fewer than 1 (?:characters|items)/, () => 'Không được để trống.'],
  [/must NOT have more than (\d+) characters/, (m) => `Dài quá ${g(m, 1)} ký tự.`],
];

/** The server's English problem in Vietnamese; null for one not known here. */
export function knownProblemVi(message: string): string | null {
  const text = message.trim().replace(/\.$/, '');
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(text);
    if (m) return say(m);
  }
  return null;
}

/** The server's English problem in Vietnamese; an unknown one as it is (it still names the line). */
export const problemVi = (message: string): string => knownProblemVi(message) ?? message;

const INVALID_VI = 'Giá trị chưa đúng. Kiểm tra lại ô này.';
const PHONE_VI =
  'Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . - (ít nhất 3, nhiều nhất 40 ký tự).';

/**
 * A write's failure spread over the form: validation errors by their path
 * (`body/name`, `body/roster/2/name`), the registry's own refusals by what
 * they concern. What fits no field goes under `form`.
 */
export function fieldProblems(
  error: {
    code: string;
    message: string;
    fields: ReadonlyArray<{ path: string; message: string }>;
  },
  lang: Lang,
): Record<string, string> {
  const say = (m: string) => (lang === 'vi' ? problemVi(m) : m);
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const path = f.path.replace(/^body\/?/, '');
    const key =
      path === '' ? 'form' : path.startsWith('roster') ? path : (path.split('/')[0] ?? 'form');
    // An unknown problem still marks its field; the form's falls back to the error's own words.
    const text =
      lang !== 'vi' ? f.message : key === 'operatorPhone' ? PHONE_VI : knownProblemVi(f.message);
    if (text) out[key] = out[key] ?? text;
    else if (key !== 'form') out[key] = out[key] ?? INVALID_VI;
  }
  if (error.fields.length === 0) {
    if (error.code === 'ALREADY_EXISTS') out.code = say(error.message);
    else if (error.code === 'UNKNOWN_REFERENCE') out.parentCode = say(error.message);
    else if (error.code === 'INVALID_PARENT')
      out[/could no longer sit/.test(error.message) ? 'kind' : 'parentCode'] = say(error.message);
  }
  return out;
}
