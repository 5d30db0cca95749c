import { COUNTRY_CODE_COUNT, isCountryCode } from '../../src/edge/private/country-codes';
import { parseCidr } from '../../src/private/cidr';

describe('parseCidr', () => {
  test.each([
    ['203.0.113.0/24', 'IPV4', '203.0.113.0/24'],
    ['198.51.100.7', 'IPV4', '198.51.100.7/32'],
    ['10.0.0.0/8', 'IPV4', '10.0.0.0/8'],
    ['2001:db8::/32', 'IPV6', '2001:db8::/32'],
    ['2001:db8::1', 'IPV6', '2001:db8::1/128'],
    ['2001:db8:abcd:12::/64', 'IPV6', '2001:db8:abcd:12::/64'],
    ['::ffff:192.0.2.0/120', 'IPV6', '::ffff:192.0.2.0/120'],
  ])('%s is a %s block', (input, version, cidr) => {
    expect(parseCidr(input)).toEqual({ version, cidr });
  });

  test.each([
    '203.0.113.7/24', '2001:db8::1/32', '0.0.0.0/0', '::/0', '10.0.0.0/33', '2001:db8::/129', '256.0.0.0/8', '10.0.0/8',
    '10.0.0.0/8/1', '10.0.0.0/x', 'example.com', '', '2001:db8::/-1',
  ])('%s is rejected', (input) => {
    expect(parseCidr(input)).toBeUndefined();
  });
});

describe('country codes', () => {
  test('the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODE_COUNT).toBe(249);
    for (const code of ['KR', 'JP', 'CN', 'US', 'DE', 'SS', 'AX']) {
      expect(isCountryCode(code)).toBe(true);
    }
    for (const code of ['XX', 'UK', 'EU', 'kr', 'KOR', '']) {
      expect(isCountryCode(code)).toBe(false);
    }
  });
});
