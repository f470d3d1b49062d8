import { AppConfig, ConfigError } from '../config/app-config.js';
import { escapeHtml, mailAddress, retryDelayMs } from './mail.service.js';
import { mailBodies } from './mail-text.js';

function problems(env: Record<string, string>): string[] {
  try {
    AppConfig.fromEnv(env);
  } catch (err) {
    return (err as ConfigError).problems.map((p) => p.setting);
  }
  return [];
}

describe('mail', () => {
  it('settings: SMTP_URL is smtp:// or smtps:// and needs MAIL_FROM; without it mail is off', () => {
    expect(AppConfig.fromEnv({}).mail).toBeUndefined();
    expect(problems({ SMTP_URL: 'smtp://127.0.0.1:25' })).toEqual(['MAIL_FROM']);
    expect(problems({ SMTP_URL: 'http://mail', MAIL_FROM: 'a@b.bg' })).toEqual(['SMTP_URL']);
    expect(problems({ SMTP_URL: 'smtp://mail:25', MAIL_FROM: 'not an address' })).toEqual(['MAIL_FROM']);
    expect(problems({ PUBLIC_URL: 'ftp://x' })).toEqual(['PUBLIC_URL']);
    const c = AppConfig.fromEnv({
      SMTP_URL: 'smtps://user:pw@mail.obshtina.bg:465',
      MAIL_FROM: 'eGov Box <portal@obshtina.bg>',
      PUBLIC_URL: 'https://portal.obshtina.bg/',
    });
    expect(c.mail).toMatchObject({ from: 'eGov Box <portal@obshtina.bg>', retryBaseSeconds: 60, maxAttempts: 12 });
    expect(c.publicUrl).toBe('https://portal.obshtina.bg');
    expect(mailAddress(c.mail!.from)).toBe('portal@obshtina.bg');
  });

  it('backs off exponentially, at most 6 hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 60))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30, 60)).toBe(6 * 3_600_000);
  });

  it('the HTML body escapes everything it is given and links only http(s)', () => {
    const { text, html } = mailBodies('bg', '<Покана>', ['a & b', { link: 'javascript:alert(1)', text: 'x' }], 'f');
    expect(html).not.toContain('<Покана>');
    expect(html).toContain('&lt;Покана&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('javascript:');
    expect(text).toContain('<Покана>');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});
