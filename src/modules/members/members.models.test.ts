import { describe, expect, test } from 'vitest';
import { normalizePhone } from './members.models.js';

describe('phone numbers', () => {
  test('the usual ways of writing one Vietnamese mobile number are the same number', () => {
    for (const raw of ['0912 345 678', '+84 912345678', '84912345678', '(+84) 912.345.678', '0912-345-678']) {
      expect(normalizePhone(raw)).toBe('84912345678');
    }
  });

  test('a landline with its area code is accepted', () => {
    expect(normalizePhone('0251 3822 123')).toBe('842513822123');
  });

  test('foreign numbers, short numbers and national IDs are refused', () => {
    for (const raw of ['+1 415 555 0100', '091234567', '001234567890', '0123', 'abc', '', '07912345678']) {
      expect(normalizePhone(raw)).toBeNull();
    }
  });
});
