import { describe, expect, it } from 'vitest';
import { meterReading } from './meter.ts';
import { line } from './test-lines.ts';

describe('meterReading', () => {
  it('reads the number with its unit on the next line of the row, and the serial apart', () => {
    const lines = [line('ELECTRICITYMETER', 74, 55, 246, 21), line('04721.6', 83, 132, 209, 38), line('kWh', 319, 143, 90, 42), line('No.2024-118930', 64, 232, 176, 20)];
    expect(meterReading(lines)).toEqual({ value: '04721.6', unit: 'kWh', lines: [1, 2], serial: '2024-118930' });
  });

  it('reads a Korean face: the serial after 계기번호, the dated 검침일 not taken for the reading', () => {
    const lines = [line('전력량계', 60, 50, 120, 30), line('03815.2 kWh', 70, 120, 320, 45), line('계기번호 2025-204117', 60, 225, 250, 24), line('검침일 2026.11.12', 60, 270, 220, 24)];
    expect(meterReading(lines)).toEqual({ value: '03815.2', unit: 'kWh', lines: [1], serial: '2025-204117' });
  });

  it('with two numbers on the face, takes the one in the largest type', () => {
    const lines = [line('Today 0.35 kWh', 40, 20, 200, 18), line('04721.6 kWh', 40, 80, 300, 40), line('Max demand 3.2 kW', 40, 150, 200, 18)];
    expect(meterReading(lines)).toMatchObject({ value: '04721.6', unit: 'kWh', lines: [1] });
  });

  it('prefers a number with a unit over a taller one without', () => {
    const lines = [line('8', 20, 10, 40, 80), line('0387.25 m3', 80, 120, 300, 40)];
    expect(meterReading(lines)).toMatchObject({ value: '0387.25', unit: 'm³' });
  });

  it('skips model classes, tariffs, OBIS codes and dated serials', () => {
    const lines = [line('GASMETERG4', 40, 40, 200, 24), line('1.8.0', 40, 90, 60, 40), line('T1', 110, 90, 30, 40), line('00123.4', 160, 90, 180, 40), line('MJ', 350, 92, 40, 38), line('S/N 7781-22', 40, 200, 120, 20)];
    expect(meterReading(lines)).toEqual({ value: '00123.4', unit: 'MJ', lines: [3, 4], serial: '7781-22' });
  });

  it('keeps a decimal comma as a point and every leading zero', () => {
    expect(meterReading([line('000912,75 m³', 10, 10, 300, 40)])).toMatchObject({ value: '000912.75', unit: 'm³' });
  });

  it('trusts a unitless number only when it has five digits or more and is the tallest text', () => {
    expect(meterReading([line('METER', 10, 10, 100, 20), line('04721', 10, 50, 200, 40)])).toMatchObject({ value: '04721', unit: '' });
    expect(meterReading([line('METER', 10, 10, 100, 40), line('47', 10, 50, 200, 40)])).toBeUndefined();
    // A plate read by the meter reader: four digits and letters, no unit.
    expect(meterReading([line('GJ', 61, 53, 76, 59), line('1234', 156, 52, 198, 54)])).toBeUndefined();
    expect(meterReading([line('Tariff T1 peak', 10, 10, 200, 30)])).toBeUndefined();
    expect(meterReading([line('Total 16779.5 USD', 10, 10, 300, 40)])).toBeUndefined();
    expect(meterReading([])).toBeUndefined();
  });
});
