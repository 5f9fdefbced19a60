// Shared by the package-import tests of @agenticflow/tools and @agenticflow/agents.
// Run as `node --import tsx import-probe.mjs <entry> <control>...`: imports <entry> and prints, as
// JSON, every module that import loaded (ESM URLs seen by a resolve hook, CommonJS files in the
// require cache, and Node built-ins); then imports the <control> modules the same way, to show
// that the probe sees a module when one is loaded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...controls] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'af-import-probe-'));
const log = join(dir, 'resolved.txt');
// The hook appends synchronously before it returns, so every URL is in the file once the
// import settles (no message to wait for).
const hook = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { log } });
const requireCache = createRequire(import.meta.url).cache;

function loadedBy(run) {
  return async () => {
    const builtins = new Set(process.moduleLoadList);
    const cjs = new Set(Object.keys(requireCache));
    let before = '';
    try {
      before = readFileSync(log, 'utf8');
    } catch {}
    await run();
    let after = '';
    try {
      after = readFileSync(log, 'utf8');
    } catch {}
    return [
      ...after.slice(before.length).split('\n').filter(Boolean),
      ...Object.keys(requireCache).filter((file) => !cjs.has(file)),
      ...process.moduleLoadList.filter((name) => !builtins.has(name)),
    ];
  };
}

try {
  const entryUrl =
    entry.startsWith('.') || entry.startsWith('/') ? pathToFileURL(entry).href : entry;
  const loaded = await loadedBy(() => import(entryUrl))();
  // Controls resolve as the entry would import them (the probe itself sits outside any package).
  const requireFromEntry = createRequire(entryUrl);
  const controlUrl = (name) =>
    name.startsWith('node:') ? name : pathToFileURL(requireFromEntry.resolve(name)).href;
  const controlLoaded = await loadedBy(() =>
    Promise.all(controls.map((name) => import(controlUrl(name)))),
  )();
  process.stdout.write(`${JSON.stringify({ loaded, controlLoaded })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
