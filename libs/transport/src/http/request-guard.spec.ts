import { allowedHostsFor, guardRequest } from './request-guard';

describe('guardRequest', () => {
  const allowedHosts = allowedHostsFor('127.0.0.1', 3000);
  const post = (headers: Record<string, string>) =>
    guardRequest({ method: 'POST', path: '/api/query', headers }, { allowedHosts })?.code;

  it('answers to the loopback names of the bound port only', () => {
    expect([...allowedHosts].sort()).toEqual(['127.0.0.1:3000', '[::1]:3000', 'localhost:3000']);
    expect(post({ host: 'localhost:3000', 'content-type': 'application/json' })).toBeUndefined();
    expect(post({ host: 'LOCALHOST:3000', 'content-type': 'application/json' })).toBeUndefined();
    expect(post({ host: 'localhost:3001', 'content-type': 'application/json' })).toBe('FORBIDDEN_HOST');
    expect(post({ host: 'evil.example:3000', 'content-type': 'application/json' })).toBe('FORBIDDEN_HOST');
    expect(post({ 'content-type': 'application/json' })).toBe('FORBIDDEN_HOST');
  });

  it('refuses foreign and opaque origins and cross-site fetches, accepts its own', () => {
    const json = { host: '127.0.0.1:3000', 'content-type': 'application/json' };
    expect(post({ ...json, origin: 'http://127.0.0.1:3000' })).toBeUndefined();
    expect(post({ ...json, origin: 'http://evil.example' })).toBe('FORBIDDEN_ORIGIN');
    expect(post({ ...json, origin: 'http://127.0.0.1:3000.evil.example' })).toBe('FORBIDDEN_ORIGIN');
    expect(post({ ...json, origin: 'null' })).toBe('FORBIDDEN_ORIGIN');
    expect(post({ ...json, 'sec-fetch-site': 'cross-site' })).toBe('FORBIDDEN_ORIGIN');
  });

  it('takes only JSON on POST /api/query', () => {
    const host = { host: '127.0.0.1:3000' };
    expect(post({ ...host, 'content-type': 'application/json; charset=UTF-8' })).toBeUndefined();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])
      expect(post({ ...host, 'content-type': type })).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(guardRequest({ method: 'GET', path: '/api/health', headers: host }, { allowedHosts })).toBeUndefined();
  });

  it('adds configured names, and every interface address when bound to all of them', () => {
    expect(allowedHostsFor('127.0.0.1', 8080, ['lake.internal', 'proxy:443'])).toEqual(
      new Set(['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'lake.internal:8080', 'proxy:443']),
    );
    expect(allowedHostsFor('0.0.0.0', 3000).has('127.0.0.1:3000')).toBe(true);
    expect(allowedHostsFor('192.168.1.5', 80)).toEqual(new Set(['192.168.1.5:80', '192.168.1.5']));
  });
});
