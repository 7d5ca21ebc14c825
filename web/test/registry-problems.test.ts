import { describe, expect, it } from 'vitest';
import {
  fieldProblems,
  importProblems,
  lineOf,
  problemVi,
} from '../src/features/secretariat/registry/problems.js';

describe('the import problems a clerk reads', () => {
  it('splits the 422 paths into line and column, sorted by line, in Vietnamese', () => {
    const problems = importProblems(
      [
        { path: 'line 7: parent_code', message: 'unknown point khong-co' },
        {
          path: 'line 3: kind',
          message: 'kind must be one of central-hall, central-body, province, district, commune',
        },
        { path: 'line 1: code', message: 'missing column' },
      ],
      'vi',
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [1, 'code'],
      [3, 'kind'],
      [7, 'parent_code'],
    ]);
    expect(problems[1]?.message).toMatch(/^Loại không hợp lệ/);
    expect(problems[2]?.message).toContain('"khong-co"');
  });

  it('keeps English in English, and an unknown message as it is', () => {
    expect(importProblems([{ path: 'line 2: name', message: 'odd' }], 'en')[0]).toEqual({
      line: 2,
      column: 'name',
      message: 'odd',
    });
    expect(problemVi('something new')).toBe('something new');
  });

  it('says the parent rules in Vietnamese', () => {
    expect(
      problemVi("a commune's parent must be a district or province, not a central-hall."),
    ).toBe(
      'Đơn vị cấp trên của xã, phường (commune) phải là huyện (district) hoặc tỉnh, thành phố (province), không phải điểm cầu chính (central-hall).',
    );
    expect(problemVi('a district needs a parent')).toMatch(/^Một huyện \(district\) phải có/);
    expect(problemVi('duplicate of line 4')).toMatch(/dòng 4/);
    expect(problemVi('invalid code "Hà Nội"')).toMatch(/^Mã "Hà Nội" không hợp lệ/);
  });
});

describe('a form write refused', () => {
  it('puts validation errors beside their fields, roster rows by index', () => {
    const out = fieldProblems(
      {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid.',
        fields: [
          { path: 'body/code', message: 'must match pattern "^[a-z0-9][a-z0-9-]{0,63}$"' },
          { path: 'body/roster/1/name', message: 'must NOT have fewer than 1 characters' },
        ],
      },
      'vi',
    );
    expect(out.code).toMatch(/chữ thường không dấu/);
    expect(out['roster/1/name']).toBe('Không được để trống.');
  });

  it('puts the registry refusals on the field they concern', () => {
    expect(
      fieldProblems({ code: 'ALREADY_EXISTS', message: 'The code hue is taken.', fields: [] }, 'vi')
        .code,
    ).toMatch(/^Mã "hue" đã có/);
    expect(
      fieldProblems({ code: 'UNKNOWN_REFERENCE', message: 'No parent point x.', fields: [] }, 'vi')
        .parentCode,
    ).toMatch(/"x"/);
    expect(
      fieldProblems(
        {
          code: 'INVALID_PARENT',
          message: 'ea-kar (district) could no longer sit under a central-body.',
          fields: [],
        },
        'vi',
      ).kind,
    ).toMatch(/^Không đổi loại được/);
  });
});

describe('an unknown refusal', () => {
  it('marks its field in Vietnamese and leaves the form to the error code', () => {
    const out = fieldProblems(
      {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid.',
        fields: [
          { path: 'body', message: 'must NOT have additional properties' },
          { path: 'body/name', message: 'something unheard of' },
        ],
      },
      'vi',
    );
    expect(out).toEqual({ name: 'Giá trị chưa đúng. Kiểm tra lại ô này.' });
  });
});

describe('the line beside its problem', () => {
  it('counts lines as the server does, the header being line 1', () => {
    const csv = '\uFEFFcode,name,kind\r\na,A,province\r\nb,B,tinh\r\n';
    expect(lineOf(csv, 1)).toBe('code,name,kind');
    expect(lineOf(csv, 3)).toBe('b,B,tinh');
    expect(lineOf(csv, 9)).toBe('');
  });
});

describe('the operator phone', () => {
  it('says what a phone number may hold', () => {
    const out = fieldProblems(
      {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid.',
        fields: [{ path: 'body/operatorPhone', message: 'must match pattern "^[0-9+() .-]+$"' }],
      },
      'vi',
    );
    expect(out.operatorPhone).toMatch(/^Số điện thoại chỉ gồm chữ số/);
    expect(problemVi('invalid phone "abc": digits, spaces, + ( ) . -')).toMatch(
      /^Số điện thoại "abc" không hợp lệ/,
    );
  });
});
