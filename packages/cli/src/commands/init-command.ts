import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { TEMPLATES, type TemplateName, templateFiles } from '../init/templates.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';

/** Options of `agenticflow init`. */
export interface InitFlags {
  readonly template?: string;
  readonly name?: string;
  readonly yes?: boolean;
  readonly force?: boolean;
}

function checkTemplate(value: string, where: string): TemplateName {
  if ((TEMPLATES as readonly string[]).includes(value)) return value as TemplateName;
  throw new UsageError(
    `${where}: got ${JSON.stringify(value)}, expected one of ${TEMPLATES.join(', ')}`,
  );
}

function checkName(value: string, where: string): string {
  if (/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(value)) return value;
  throw new UsageError(
    `${where}: got ${JSON.stringify(value)}, expected a package name (lower case, digits, - . _ ~)`,
  );
}

/**
 * Asks for what the flags left open, on the terminal. Answers are read as lines from one
 * iterator, so answers typed or pasted ahead of their question are kept; the end of input before
 * an answer stops with a usage error (exit 2) rather than a half-written project.
 */
async function ask(
  defaults: { name: string },
  flags: InitFlags,
): Promise<{ name: string; template: TemplateName }> {
  const prompt = createInterface({ input: process.stdin, terminal: false });
  const lines = prompt[Symbol.asyncIterator]();
  const answer = async (question: string, fallback: string): Promise<string> => {
    process.stdout.write(question);
    const line = await lines.next();
    if (line.done)
      throw new UsageError(
        `init stopped: the input ended before an answer to "${question.trim()}"; nothing was written`,
      );
    return line.value.trim() || fallback;
  };
  try {
    const name = flags.name ?? (await answer(`Project name (${defaults.name}): `, defaults.name));
    const template =
      flags.template ??
      (await answer(
        'Template: basic (SQLite, in-process), enterprise (PostgreSQL, NATS) or agent (an LLM agent with a tool) [basic]: ',
        'basic',
      ));
    return { name: checkName(name, 'project name'), template: checkTemplate(template, 'template') };
  } finally {
    prompt.close();
  }
}

/** `agenticflow init [dir]`: scaffolds a project from a template, asking on a terminal. */
export async function initCommand(
  ctx: CommandContext,
  dir: string | undefined,
  flags: InitFlags,
): Promise<number> {
  const target = resolve(ctx.cwd, dir ?? '.');
  if (existsSync(target) && readdirSync(target).length > 0 && !flags.force)
    throw new UsageError(
      `${target} is not empty: choose an empty directory, or pass --force to write into it`,
    );
  const defaults = {
    name: basename(target)
      .toLowerCase()
      .replace(/[^a-z0-9-._~]/g, '-'),
  };
  const interactive = process.stdin.isTTY === true && !flags.yes;
  let answers: { name: string; template: TemplateName };
  if (interactive) answers = await ask(defaults, flags);
  else {
    if (!flags.template && !flags.yes)
      throw new UsageError(
        'no terminal to ask on: pass --template basic|enterprise|agent (and --name), or --yes for the defaults',
      );
    answers = {
      name: checkName(flags.name ?? defaults.name, '--name'),
      template: checkTemplate(flags.template ?? 'basic', '--template'),
    };
  }
  const files = templateFiles(answers.template, answers.name);
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), contents);
  }
  ctx.printer.jsonLine({ kind: 'init', dir: target, ...answers, files: Object.keys(files) });
  ctx.printer.line(`created ${answers.template} project ${answers.name} in ${target}:`);
  for (const path of Object.keys(files)) ctx.printer.line(`  ${path}`);
  const job = answers.template === 'agent' ? 'jobs/ask.job.ts' : 'jobs/greet.job.ts';
  ctx.printer.line(`next: npm install && npx agenticflow run ${job}`);
  return 0;
}
