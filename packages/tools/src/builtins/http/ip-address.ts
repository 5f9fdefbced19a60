/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

/**
 * Parses an IP address in any notation a resolver or URL parser might accept: dotted decimal,
 * the `inet_aton` forms (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`), IPv6 with or without
 * brackets, with an embedded IPv4 tail (`::ffff:127.0.0.1`) and with a zone (`fe80::1%eth0`).
 * Returns `undefined` for anything that is not an address (a host name).
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let host = text.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.includes(':')) return parseIpv6(host);
  return parseIpv4(host);
}

const V4_PART = /^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;

/** Parses IPv4 like `inet_aton`: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
export function parseIpv4(text: string): IpAddress | undefined {
  const host = text.endsWith('.') ? text.slice(0, -1) : text;
  const parts = host.split('.');
  if (parts.length === 0 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    if (!V4_PART.test(part)) return undefined;
    const lower = part.toLowerCase();
    const value = lower.startsWith('0x')
      ? lower.length === 2
        ? 0
        : Number.parseInt(lower.slice(2), 16)
      : lower.length > 1 && lower.startsWith('0')
        ? Number.parseInt(lower.slice(1), 8)
        : Number.parseInt(lower, 10);
    if (!Number.isFinite(value)) return undefined;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((value) => value > 255)) return undefined;
  if (last >= 256 ** (4 - values.length)) return undefined;
  const bytes = [...values];
  for (let index = 4 - values.length - 1; index >= 0; index--) {
    bytes.push(Math.floor(last / 256 ** index) % 256);
  }
  return { family: 4, bytes };
}

function parseIpv6(text: string): IpAddress | undefined {
  const host = text.split('%')[0]!;
  if (!/^[0-9a-f:.]+$/i.test(host)) return undefined;
  let tail: number[] = [];
  let rest = host;
  if (host.includes('.')) {
    const lastColon = host.lastIndexOf(':');
    const v4 = parseDottedQuad(host.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    rest = host.slice(0, lastColon + 1);
    if (!rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const wanted = tail.length > 0 ? 6 : 8;
  const gap = rest.indexOf('::');
  if (gap !== rest.lastIndexOf('::')) return undefined;
  let groups: string[];
  if (gap >= 0) {
    const left = rest.slice(0, gap);
    const right = rest.slice(gap + 2);
    const leftGroups = left === '' ? [] : left.split(':');
    const rightGroups = right === '' ? [] : right.split(':');
    const fill = wanted - leftGroups.length - rightGroups.length;
    if (fill < 1) return undefined;
    groups = [...leftGroups, ...Array.from({ length: fill }, () => '0'), ...rightGroups];
  } else {
    groups = rest === '' ? [] : rest.split(':');
    if (groups.length !== wanted) return undefined;
  }
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return { family: 6, bytes: [...bytes, ...tail] };
}

function parseDottedQuad(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^(0|[1-9][0-9]{0,2})$/.test(part) ? Number(part) : 256));
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** The canonical text of an address (dotted quad, or compressed lower-case IPv6). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return address.bytes.join('.');
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push((address.bytes[index]! << 8) | address.bytes[index + 1]!);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
