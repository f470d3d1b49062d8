import { bg } from './bg';
import { en } from './en';
import { initialLanguage } from './index';

function leaves(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v as object, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const b = leaves(bg);
  const e = leaves(en);

  it('English has exactly the Bulgarian keys', () => {
    expect([...e.keys()].sort()).toEqual([...b.keys()].sort());
  });

  it('no string is empty and both languages use the same placeholders', () => {
    for (const [key, text] of b) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(e.get(key)!) }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('the navigation uses the agreed Bulgarian words', () => {
    expect(bg.nav).toMatchObject({
      home: 'Начало',
      myRoom: 'Моята стая',
      halls: 'Зали',
      schedule: 'График',
      oneOnOnes: 'Срещи един на един',
      council: 'Общински съвет',
    });
  });

  it('Bulgarian is the default whatever the browser prefers; a saved choice wins', () => {
    expect(initialLanguage(undefined)).toBe('bg');
    expect(initialLanguage({ getItem: () => null })).toBe('bg');
    expect(initialLanguage({ getItem: () => 'en' })).toBe('en');
    expect(initialLanguage({ getItem: () => 'de' })).toBe('bg');
  });
});
