import { type IpAddress, parseIpAddress } from './ip-address.js';

interface Range {
  readonly name: string;
  readonly family: 4 | 6;
  readonly prefix: readonly number[];
  readonly bits: number;
  /** Where an embedded IPv4 address starts, for ranges that carry one (mapped, NAT64, 6to4). */
  readonly embeddedV4At?: number;
}

function range(name: string, cidr: string, embeddedV4At?: number): Range {
  const [text, bits] = cidr.split('/') as [string, string];
  const address = parseIpAddress(text)!;
  return {
    name: `${cidr} (${name})`,
    family: address.family,
    prefix: address.bytes,
    bits: Number(bits),
    ...(embeddedV4At !== undefined ? { embeddedV4At } : {}),
  };
}

interface BlockedRanges {
  readonly all: readonly Range[];
  readonly loopback: readonly Range[];
}

let blocked: BlockedRanges | undefined;

// Built on first use: parsing the table costs about a millisecond of every import otherwise.
function blockedRanges(): BlockedRanges {
  if (blocked) return blocked;
  const loopbackV4 = range('loopback', '127.0.0.0/8');
  const loopbackV6 = range('loopback', '::1/128');
  const all = [
    range('"this" network, 0.0.0.0', '0.0.0.0/8'),
    range('private', '10.0.0.0/8'),
    range('shared address space, carrier-grade NAT and some cloud metadata', '100.64.0.0/10'),
    loopbackV4,
    range('link-local, cloud metadata 169.254.169.254', '169.254.0.0/16'),
    range('private', '172.16.0.0/12'),
    range('IETF protocol assignments', '192.0.0.0/24'),
    range('documentation', '192.0.2.0/24'),
    range('6to4 relay anycast', '192.88.99.0/24'),
    range('private', '192.168.0.0/16'),
    range('benchmarking', '198.18.0.0/15'),
    range('documentation', '198.51.100.0/24'),
    range('documentation', '203.0.113.0/24'),
    range('multicast', '224.0.0.0/4'),
    range('reserved and broadcast', '240.0.0.0/4'),
    range('IPv4-mapped IPv6', '::ffff:0:0/96', 12),
    range('NAT64', '64:ff9b::/96', 12),
    range('6to4', '2002::/16', 2),
    range('unspecified', '::/128'),
    loopbackV6,
    range('IPv4-compatible IPv6 (deprecated)', '::/96'),
    range('local-use NAT64', '64:ff9b:1::/48'),
    range('discard-only', '100::/64'),
    range('Teredo', '2001::/32'),
    range('ORCHID', '2001:10::/28'),
    range('ORCHIDv2', '2001:20::/28'),
    range('documentation', '2001:db8::/32'),
    range('unique local, including fd00::/8 and cloud metadata fd00:ec2::254', 'fc00::/7'),
    range('link-local', 'fe80::/10'),
    range('site-local (deprecated)', 'fec0::/10'),
    range('multicast', 'ff00::/8'),
  ];
  blocked = { all, loopback: [loopbackV4, loopbackV6] };
  return blocked;
}

function inRange(address: IpAddress, candidate: Range): boolean {
  if (address.family !== candidate.family) return false;
  let bits = candidate.bits;
  for (let index = 0; bits > 0; index++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address.bytes[index]! & mask) !== (candidate.prefix[index]! & mask)) return false;
  }
  return true;
}

/** Options of {@link blockedRangeOf}. */
export interface AddressGuardOptions {
  /** Let loopback addresses through (127.0.0.0/8, ::1, and their IPv4-mapped forms). For tests. */
  readonly allowLoopback?: boolean;
}

/**
 * The blocked range `address` falls in, or `undefined` when it is a public address. Addresses
 * that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that address too, so
 * `::ffff:7f00:1` is loopback. Text that is not an IP address is reported as blocked.
 */
export function blockedRangeOf(
  address: string | IpAddress,
  options: AddressGuardOptions = {},
): string | undefined {
  const parsed = typeof address === 'string' ? parseIpAddress(address) : address;
  if (!parsed) return 'not an IP address';
  const ranges = blockedRanges();
  for (const candidate of ranges.all) {
    if (!inRange(parsed, candidate)) continue;
    if (candidate.embeddedV4At !== undefined) {
      const embedded: IpAddress = {
        family: 4,
        bytes: parsed.bytes.slice(candidate.embeddedV4At, candidate.embeddedV4At + 4),
      };
      const inner = blockedRangeOf(embedded, options);
      if (inner !== undefined) return `${candidate.name} of ${inner}`;
      continue;
    }
    if (options.allowLoopback && ranges.loopback.includes(candidate)) return undefined;
    return candidate.name;
  }
  return undefined;
}
