/** Writes a command's output: human lines (colored on a TTY) or JSON lines (`--json`). */
export interface Printer {
  readonly json: boolean;
  /** A human line (ignored with `--json`). */
  line(text: string): void;
  /** One JSON line (only with `--json`). */
  jsonLine(value: unknown): void;
  /** A line on stderr, in both modes. */
  warn(text: string): void;
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, entry) =>
    typeof entry === 'bigint' ? entry.toString() : entry,
  );
}

/** A printer on stdout/stderr; colors only on a TTY without `NO_COLOR`. */
export function createPrinter(json: boolean, stream: NodeJS.WriteStream = process.stdout): Printer {
  const color = stream.isTTY === true && !process.env.NO_COLOR && !json;
  const paint = (code: number) => (text: string) =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text;
  return {
    json,
    line(text) {
      if (!json) stream.write(`${text}\n`);
    },
    jsonLine(value) {
      if (json) stream.write(`${stringify(value)}\n`);
    },
    warn(text) {
      process.stderr.write(`${text}\n`);
    },
    ok: paint(32),
    bad: paint(31),
    dim: paint(2),
  };
}
