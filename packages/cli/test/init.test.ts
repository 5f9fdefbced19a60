import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, runCliOnTerminal } from './run-cli.js';
import { useTempDirs } from './support.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const { tempDir } = useTempDirs();

/**
 * What `npm install` would do for a scaffolded project, offline: links each dependency its
 * package.json lists to this workspace's copy (the CLI itself, or one of the CLI's dependencies).
 * A dependency the template forgets to list is then missing, as it would be after a real install.
 */
function linkDependencies(project: string): string[] {
  const { dependencies } = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const names = Object.keys(dependencies);
  for (const name of names) {
    const source =
      name === '@agenticflow/cli' ? CLI_DIR : join(CLI_DIR, 'node_modules', ...name.split('/'));
    if (!existsSync(source)) throw new Error(`no workspace copy of ${name} at ${source}`);
    const target = join(project, 'node_modules', ...name.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target, 'dir');
  }
  return names;
}

describe('agenticflow init', () => {
  it('scaffolds a basic project whose config validates and whose job runs', async () => {
    const project = join(tempDir(), 'demo');
    const init = await runCli(['init', '--template', 'basic', '--yes', '--name', 'demo', project], {
      cwd: dirname(project),
    });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`created basic project demo in ${project}`);
    for (const file of [
      'package.json',
      'agenticflow.config.json',
      'workflows/greet.ts',
      'jobs/greet.job.ts',
      '.gitignore',
      'README.md',
    ])
      expect(existsSync(join(project, file)), file).toBe(true);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'demo', private: true, type: 'module' });
    expect(pkg.scripts.start).toBe('agenticflow run jobs/greet.job.ts');
    expect(JSON.parse(readFileSync(join(project, 'agenticflow.config.json'), 'utf8'))).toEqual({
      name: 'demo',
      store: 'sqlite:.agenticflow/events.db',
      bus: 'inprocess',
      profiles: { testing: { store: 'sqlite:.agenticflow/test-events.db' } },
    });

    const validate = await runCli(['config', 'validate'], { cwd: project });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(
      `✓ ${join(project, 'agenticflow.config.json')} is valid (profile development)`,
    );

    expect(linkDependencies(project)).toContain('@agenticflow/cli');
    const run = await runCli(['run', 'jobs/greet.job.ts', 'Ada'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const runId = /runId: (\S+)/.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(`run ${runId} completed`);
    expect(run.stdout).toContain('output: {"shout":"HELLO, ADA!"}');
    expect(run.stdout).toContain('steps completed: 3');
    expect(existsSync(join(project, '.agenticflow', 'events.db'))).toBe(true);
  });

  it('scaffolds the agent example, whose LLM agent answers offline through its granted tool', async () => {
    const project = join(tempDir(), 'helpdesk');
    const init = await runCli(
      ['init', '--template', 'agent', '--yes', '--name', 'helpdesk', project],
      { cwd: dirname(project) },
    );
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('next: npm install && npx agenticflow run jobs/ask.job.ts');
    for (const file of ['agents/support.ts', 'jobs/ask.job.ts', 'agenticflow.config.json'])
      expect(existsSync(join(project, file)), file).toBe(true);
    expect(existsSync(join(project, 'jobs/greet.job.ts'))).toBe(false);
    expect(linkDependencies(project)).toEqual(
      expect.arrayContaining(['@agenticflow/agents', '@agenticflow/tools', '@agenticflow/cli']),
    );

    const run = await runCli(['run', 'jobs/ask.job.ts', 'Where is order 42?'], {
      cwd: project,
      env: { AGENTICFLOW_MODEL: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const runId = /runId: (\S+)/.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(`run ${runId} completed`);
    // The scripted stand-in called the tool for order 42 and quoted its result.
    expect(run.stdout).toContain('(offline model) The lookup says:');
    expect(run.stdout).toContain('\\"status\\":\\"shipped\\"');
    const events = await runCli(['events', 'tail', '--stream', `run-${runId}-agent`, '--json'], {
      cwd: project,
    });
    const types = events.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type?: string }).type);
    expect(types).toEqual(
      expect.arrayContaining([
        'llm.run_started',
        'model.requested',
        'tool.succeeded',
        'llm.run_completed',
      ]),
    );
  });

  it('refuses a non-empty directory without --force (exit 2)', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'keep me\n');
    const refused = await runCli(['init', 'taken', '--template', 'basic', '--yes'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${join(cwd, 'taken')} is not empty: choose an empty directory, or pass --force to write into it`,
    );
    expect(existsSync(join(cwd, 'taken', 'package.json'))).toBe(false);
    const forced = await runCli(['init', 'taken', '--template', 'basic', '--yes', '--force'], {
      cwd,
    });
    expect(forced.code).toBe(0);
    expect(existsSync(join(cwd, 'taken', 'package.json'))).toBe(true);
  });
});

describe('agenticflow init on a terminal', () => {
  it('asks for the name and template, keeping answers typed ahead', async () => {
    const cwd = tempDir();
    const init = await runCliOnTerminal(['init', 'asked'], { cwd, input: 'my-app\nagent\n' });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Project name (asked): ');
    expect(init.stdout).toContain(`created agent project my-app in ${join(cwd, 'asked')}`);
    const pkg = JSON.parse(readFileSync(join(cwd, 'asked', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-app');
    expect(existsSync(join(cwd, 'asked', 'jobs', 'ask.job.ts'))).toBe(true);
  });

  it('takes the defaults for empty answers and asks only what the flags leave open', async () => {
    const cwd = tempDir();
    const defaults = await runCliOnTerminal(['init', 'plain'], { cwd, input: '\n\n' });
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toContain(`created basic project plain in ${join(cwd, 'plain')}`);
    const named = await runCliOnTerminal(['init', 'named', '--name', 'given'], {
      cwd,
      input: 'enterprise\n',
    });
    expect(named.code).toBe(0);
    expect(named.stdout).not.toContain('Project name');
    expect(named.stdout).toContain('created enterprise project given');
  });

  it('refuses a bad answer or an input that ends early with exit 2, writing nothing', async () => {
    const cwd = tempDir();
    const bad = await runCliOnTerminal(['init', 'bad'], { cwd, input: 'my-app\nfancy\n' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('template: got "fancy", expected one of basic, enterprise, agent');
    const short = await runCliOnTerminal(['init', 'short'], { cwd, input: 'my-app\n' });
    expect(short.code).toBe(2);
    expect(short.stdout).toContain('the input ended before an answer');
    expect(existsSync(join(cwd, 'bad'))).toBe(false);
    expect(existsSync(join(cwd, 'short'))).toBe(false);
  });
});

describe('agenticflow migrate on SQLite', () => {
  it('creates the file and then reports it up to date', async () => {
    const cwd = tempDir();
    const first = await runCli(['migrate', '--store', 'sqlite:db/events.db'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration\(s\) to sqlite:.*events\.db: /);
    const again = await runCli(['migrate', '--store', 'sqlite:db/events.db'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`sqlite:${join(cwd, 'db', 'events.db')} is up to date`);
  });
});
