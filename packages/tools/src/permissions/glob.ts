const REGEX_SPECIAL = /[\\^$.+?()[\]{}|*]/g;

/**
 * Compiles a glob into an anchored RegExp. `**` matches any run of characters, separators included
 * (and `/**` also matches the directory itself); `*` matches within one segment; `?` matches one
 * character that is not a separator. Every other character matches itself.
 */
export function globToRegExp(glob: string, separator: '/' | '.', caseInsensitive = false): RegExp {
  const sep = separator === '/' ? '/' : '\\.';
  let source = '';
  for (let index = 0; index < glob.length; ) {
    if (glob.startsWith('**', index)) {
      const precededBySep = source.endsWith(sep);
      const atSegmentEnd = index + 2 === glob.length || glob[index + 2] === separator;
      if (precededBySep && atSegmentEnd) {
        source = `${source.slice(0, -sep.length)}(?:${sep}.*)?`;
      } else {
        source += '.*';
      }
      index += 2;
    } else if (glob[index] === '*') {
      source += `[^${sep}]*`;
      index += 1;
    } else if (glob[index] === '?') {
      source += `[^${sep}]`;
      index += 1;
    } else {
      source += glob[index]!.replace(REGEX_SPECIAL, '\\$&');
      index += 1;
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}
