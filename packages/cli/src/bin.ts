#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { ExitCodes, exitCodeOf } from './usage-error.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

function describe(error: unknown): string {
  const lines = [error instanceof Error ? error.message : String(error)];
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && !lines[0]?.includes(cause.message))
    lines.push(`  cause: ${cause.message}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const result = { code: ExitCodes.ok as number };
  const program = buildProgram(version, result);
  try {
    await program.parseAsync(process.argv);
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCodes.ok; // --help, --version
      process.stderr.write('run agenticflow --help for the commands and flags\n');
      return ExitCodes.usage;
    }
    process.stderr.write(`agenticflow: ${describe(error)}\n`);
    return exitCodeOf(error);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Let stdout drain, then leave even if a library keeps a timer or socket alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`agenticflow: ${describe(error)}\n`);
    process.exit(ExitCodes.failure);
  },
);
