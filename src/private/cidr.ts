import { isIPv4, isIPv6 } from 'net';

/** An address block for a WAF IP set: its version and canonical CIDR text. */
export interface ParsedCidr {
  readonly version: 'IPV4' | 'IPV6';
  /** The block as written (a bare address gets /32 or /128). */
  readonly cidr: string;
}

/**
 * Parse an allow-list entry: an IPv4 or IPv6 CIDR, or a bare address (a single host). Returns
 * undefined for anything WAF would reject: a malformed address, a prefix out of range, a /0
 * (WAF IP sets do not take it) or host bits set below the prefix ("203.0.113.7/24").
 */
export function parseCidr(value: string): ParsedCidr | undefined {
  const parts = value.trim().split('/');
  if (parts.length > 2) {
    return undefined;
  }
  const [address, prefixText] = parts;
  const version = isIPv4(address) ? 'IPV4' : isIPv6(address) ? 'IPV6' : undefined;
  if (version === undefined) {
    return undefined;
  }
  const bits = version === 'IPV4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    return undefined;
  }
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix < 1 || prefix > bits) {
    return undefined;
  }
  const addressBits = version === 'IPV4' ? ipv4Bits(address) : ipv6Bits(address);
  if (/1/.test(addressBits.slice(prefix))) {
    return undefined; // host bits set below the prefix
  }
  return { version, cidr: `${address}/${prefix}` };
}

/** The address as a string of 32 bits. */
function ipv4Bits(address: string): string {
  return address.split('.').map((octet) => Number(octet).toString(2).padStart(8, '0')).join('');
}

/** The address as a string of 128 bits (an embedded IPv4 tail such as ::ffff:192.0.2.1 included). */
function ipv6Bits(address: string): string {
  // An embedded IPv4 tail becomes two hextets.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    `${(Number(a) * 256 + Number(b)).toString(16)}:${(Number(c) * 256 + Number(d)).toString(16)}`);
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(2).padStart(16, '0')).join('');
}
