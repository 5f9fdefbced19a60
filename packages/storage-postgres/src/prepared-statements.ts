import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * The statements a store runs as named prepared statements: parsed and planned once per
 * connection instead of on every call. Names are a hash of the text, so two stores (or two copies
 * of this package) sharing a pool can never give one name to different statements.
 */
export class PreparedStatements {
  private readonly texts = new Set<string>();

  constructor(readonly enabled: boolean) {}

  /** Marks `text` to be run as a named statement; returns it unchanged. */
  mark(text: string): string {
    if (this.enabled) this.texts.add(text);
    return text;
  }

  /** The statement name of `text`, or `undefined` when it is not marked. */
  nameOf(text: string): string | undefined {
    if (!this.texts.has(text)) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      name = `af_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  }
}
