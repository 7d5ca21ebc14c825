import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { orderedIds, signature } from '../../src/modules/webhooks/delivery.js';
import { checkUrl, newSecret } from '../../src/modules/webhooks/service.js';

describe('webhook deliveries', () => {
  it('ids sort in the order they were made, also many within one millisecond', () => {
    const next = orderedIds();
    const ids = Array.from({ length: 20_000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
    const body = '{"id":"x","type":"session.status"}';
    const mac = createHmac('sha256', 'whsec_k').update(`1764528000.${body}`).digest('hex');
    expect(signature('whsec_k', body, 1764528000)).toBe(`t=1764528000,v1=${mac}`);
    expect(signature('whsec_k', `${body} `, 1764528000)).not.toBe(`t=1764528000,v1=${mac}`);
  });

  it('accepts http(s) URLs only, with a host and no credentials or fragment', () => {
    expect(checkUrl(' https://tinh.gov.vn/giaoban?x=1 ')).toBe('https://tinh.gov.vn/giaoban?x=1');
    expect(checkUrl('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
    expect(checkUrl('http://[::1]:8080/')).toBe('http://[::1]:8080/');
    for (const bad of [
      'ftp://x.vn/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'tinh.gov.vn/hook',
      'http://a:b@x.vn/',
      'https://x.vn/#f',
      'http://-bad-.vn/',
      'http://exa_mple.vn/',
    ]) {
      expect(() => checkUrl(bad), bad).toThrow(expect.objectContaining({ status: 422 }));
    }
  });

  it('generated secrets are long and random', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(a);
  });
});
