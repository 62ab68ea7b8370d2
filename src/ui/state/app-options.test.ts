import { describe, expect, it } from 'vitest';
import { parseAppOptions } from './app-options.ts';

describe('parseAppOptions', () => {
  it('reads the contract options', () => {
    expect(parseAppOptions('?backend=wasm&lang=en&threads=2&debug=1')).toEqual({ backend: 'wasm', lang: 'en', threads: 2, debug: true, kiosk: false });
  });
  it('leaves out what is absent, so stored settings apply', () => {
    expect(parseAppOptions('')).toEqual({ debug: false, kiosk: false });
  });
  it('reads the datacenter endpoint and consent', () => {
    expect(parseAppOptions('?endpoint=https://triton.example.org&consent=granted')).toEqual({
      endpoint: 'https://triton.example.org',
      consent: 'granted',
      debug: false,
      kiosk: false,
    });
    expect(parseAppOptions('?endpoint=javascript:alert(1)&consent=yes')).toEqual({ debug: false, kiosk: false });
  });
  it('treats unknown values safely', () => {
    expect(parseAppOptions('?backend=cuda&lang=fr&threads=-3&idle=-1')).toEqual({ backend: 'auto', debug: false, kiosk: false });
  });
  it('reads the kiosk options', () => {
    expect(parseAppOptions('?kiosk=1&idle=5&attract=2.5')).toMatchObject({ kiosk: true, idleSeconds: 5, attractSeconds: 2.5 });
  });
});
