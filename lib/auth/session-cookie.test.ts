import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { sessionCookie } from './http';

const session = { token: 't0ken', expiresAt: new Date(Date.now() + 3_600_000) };
const cookieFor = (url: string, headers: Record<string, string> = {}) => sessionCookie(new Request(url, { headers }), session);

describe('the session cookie', () => {
  afterEach(() => {
    delete process.env.COOKIE_SECURE;
    resetEnvCache();
  });

  it('is Secure over HTTPS, behind a TLS proxy and on loopback', () => {
    expect(cookieFor('https://docs.example.org/api/auth/sign-in')).toMatch(/; Secure/);
    expect(cookieFor('http://docent:3000/api/auth/sign-in', { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
    expect(cookieFor('http://localhost:3000/api/auth/sign-in')).toMatch(/; Secure/);
  });

  it('is not Secure over plain HTTP on a LAN name, so the browser sends it back', () => {
    const cookie = cookieFor('http://nas.local:3000/api/auth/sign-in');
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('follows COOKIE_SECURE when it is set', () => {
    process.env.COOKIE_SECURE = 'true';
    resetEnvCache();
    expect(cookieFor('http://nas.local:3000/api/auth/sign-in')).toMatch(/; Secure/);
    process.env.COOKIE_SECURE = 'false';
    resetEnvCache();
    expect(cookieFor('https://docs.example.org/api/auth/sign-in')).not.toMatch(/Secure/);
  });
});
