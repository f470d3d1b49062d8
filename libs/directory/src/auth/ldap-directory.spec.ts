import { escapeFilterValue } from './ldap-directory.js';

describe('escapeFilterValue (RFC 4515)', () => {
  it('escapes the filter metacharacters so a username is matched literally', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b')).toBe('a\\5cb');
    expect(escapeFilterValue('nul\0')).toBe('nul\\00');
    expect(escapeFilterValue('ivana.petrova')).toBe('ivana.petrova');
    expect(escapeFilterValue('Иванa')).toBe('Иванa');
  });
});
