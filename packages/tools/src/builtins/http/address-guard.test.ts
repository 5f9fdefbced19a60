import { describe, expect, it } from 'vitest';
import { blockedRangeOf } from './address-guard.js';
import { formatIpAddress, parseIpAddress } from './ip-address.js';

describe('address guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['0.0.0.0', '"this" network'],
    ['0', '"this" network'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['0xa9.0xfe.0xa9.0xfe', 'link-local'],
    ['2852039166', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['10.0.0.1', 'private'],
    ['012.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'cloud metadata'],
    ['fd00::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fc00::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['ff02::1', 'multicast'],
    ['198.18.0.1', 'benchmarking'],
    ['not-an-address', 'not an IP address'],
  ])('blocks %s (%s)', (address, range) => {
    expect(blockedRangeOf(address)).toContain(range);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '172.32.0.1',
    '100.128.0.1',
  ])('lets the public address %s through', (address) => {
    expect(blockedRangeOf(address)).toBeUndefined();
  });

  it('lets loopback through only when asked, and nothing else', () => {
    expect(blockedRangeOf('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(blockedRangeOf('::1', { allowLoopback: true })).toBeUndefined();
    expect(blockedRangeOf('::ffff:127.0.0.2', { allowLoopback: true })).toBeUndefined();
    expect(blockedRangeOf('169.254.169.254', { allowLoopback: true })).toContain('link-local');
    expect(blockedRangeOf('10.0.0.1', { allowLoopback: true })).toContain('private');
  });

  it('parses every numeric IPv4 notation to the same address', () => {
    for (const text of [
      '127.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '0x7f.1',
      '127.1',
      '0x7f.0.0.1',
      '017700000001',
    ]) {
      expect(formatIpAddress(parseIpAddress(text)!)).toBe('127.0.0.1');
    }
    expect(parseIpAddress('256.1.1.1')).toBeUndefined();
    expect(parseIpAddress('1.2.3.4.5')).toBeUndefined();
    expect(parseIpAddress('08.1.1.1')).toBeUndefined();
    expect(parseIpAddress('example.com')).toBeUndefined();
  });

  it('parses IPv6 forms and formats them compressed', () => {
    expect(formatIpAddress(parseIpAddress('0:0:0:0:0:ffff:7f00:1')!)).toBe('::ffff:7f00:1');
    expect(formatIpAddress(parseIpAddress('::ffff:127.0.0.1')!)).toBe('::ffff:7f00:1');
    expect(formatIpAddress(parseIpAddress('2001:db8::1')!)).toBe('2001:db8::1');
    expect(parseIpAddress('1::2::3')).toBeUndefined();
    expect(parseIpAddress('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIpAddress('12345::')).toBeUndefined();
  });
});
