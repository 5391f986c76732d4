import { isStorableText } from './storable-text';

describe('isStorableText', () => {
  it.each(['bank-gateway', '客户又来电', 'emoji 👍', 'RTL \u202e', ''])('accepts %p', (text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each(['no\u0000pe', 'x\ud800y', 'tail\ud83d', '\udc4d head'])('refuses %p', (text) => {
    expect(isStorableText(text)).toBe(false);
  });
});
