/**
 * The script run once in every sandbox context, before any untrusted code. It keeps the host
 * dispatcher in a closure (never reachable from untrusted code), installs a capped `console`,
 * removes `WebAssembly`, `SharedArrayBuffer`, `Atomics` and RegExp's legacy statics, and freezes
 * every object reachable from the global (SES-style hardening), so a run cannot leave state for the
 * next run in the same warm context: prototype pollution fails. Assigning `name`, `message`,
 * `toString`… on an instance still works: those inherited properties become accessors that define
 * an own property (the "override mistake" fix).
 *
 * It evaluates to an API object whose functions the host calls through references:
 * - `compile(code, forceAsync)` → `'{"id":n,"async":bool}'` or an error envelope;
 * - `call(id, inputJson, maxOutputChars, maxLogChars)` → envelope (synchronous code);
 * - `callAsync(id, inputJson, maxOutputChars, maxLogChars, hostNamesJson)` → promise of envelope;
 * - `closeHost()` stops host calls of a finished run (they never settle);
 * - `forget(id)`.
 * An envelope is a JSON header, a newline, then the result's JSON (`JSON.stringify` escapes every
 * newline inside strings, so the first newline ends the header).
 */
export const SANDBOX_BOOTSTRAP = String.raw`
(function (hostRef) {
  'use strict';
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const StringCtor = String;
  const PromiseCtor = Promise;
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const getOwnDescriptors = Object.getOwnPropertyDescriptors;
  const defineProperty = Object.defineProperty;
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const ownKeys = Reflect.ownKeys;
  const FunctionCtor = Function;
  const AsyncFunctionCtor = (async function () {}).constructor;
  const MapCtor = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const apply = Reflect.apply;
  const push = Array.prototype.push;

  let logs = [];
  let logChars = 0;
  let dropped = 0;
  let maxLogChars = 0;

  function text(value) {
    if (typeof value === 'string') return value;
    try {
      const json = stringify(value);
      return json === undefined ? StringCtor(value) : json;
    } catch (error) {
      try { return StringCtor(value); } catch (inner) { return '[unprintable]'; }
    }
  }
  function log(prefix, args) {
    if (logChars >= maxLogChars) { dropped++; return; }
    let line = prefix;
    for (let index = 0; index < args.length; index++) {
      line += (index === 0 ? '' : ' ') + text(args[index]);
      if (line.length > maxLogChars) break;
    }
    const room = maxLogChars - logChars;
    if (line.length > room) { line = line.slice(0, room); dropped++; }
    logChars += line.length;
    apply(push, logs, [line]);
  }
  const consoleObject = {
    log: function log_() { log('', arguments); },
    info: function info() { log('info: ', arguments); },
    debug: function debug() { log('debug: ', arguments); },
    warn: function warn() { log('warn: ', arguments); },
    error: function error() { log('error: ', arguments); },
  };
  defineProperty(G, 'console', { value: consoleObject, writable: false, enumerable: false, configurable: false });

  let hostOpen = false;
  function host(names) {
    const api = {};
    for (let index = 0; index < names.length; index++) {
      const name = names[index];
      api[name] = function (argument) {
        if (!hostOpen) return new PromiseCtor(function () {});
        return hostRef
          .apply(undefined, [name, stringify(argument === undefined ? null : argument)], {
            arguments: { copy: true },
            result: { promise: true, copy: true },
          })
          .then(function (reply) {
            if (reply[0] === 'e') throw new Error(reply.slice(1));
            return parse(reply.slice(1));
          });
      };
    }
    return freeze(api);
  }

  delete G.WebAssembly;
  delete G.SharedArrayBuffer;
  delete G.Atomics;
  const legacy = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'input', '$_', 'lastMatch',
    '$&', 'lastParen', '$+', 'leftContext', '$' + String.fromCharCode(96), 'rightContext', "$'"];
  for (let index = 0; index < legacy.length; index++) {
    try { delete RegExp[legacy[index]]; } catch (error) {}
  }

  const overridable = ['constructor', 'name', 'message', 'stack', 'toString', 'toLocaleString',
    'valueOf', 'toJSON', 'hasOwnProperty', 'then', 'cause'];
  function tame(object) {
    const descriptors = getOwnDescriptors(object);
    for (let index = 0; index < overridable.length; index++) {
      const key = overridable[index];
      const descriptor = descriptors[key];
      if (!descriptor || !('value' in descriptor) || !descriptor.writable || !descriptor.configurable) continue;
      const value = descriptor.value;
      // Accessors from an object literal have no prototype of their own to harden in turn.
      const pair = {
        get v() { return value; },
        set v(next) {
          if (this === object) throw new TypeError('Cannot assign to read only property ' + key);
          defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
        },
      };
      const accessor = getOwnDescriptor(pair, 'v');
      defineProperty(object, key, {
        get: accessor.get,
        set: accessor.set,
        enumerable: descriptor.enumerable,
        configurable: false,
      });
    }
  }
  const seen = new Set();
  function harden(root) {
    const stack = [root];
    while (stack.length > 0) {
      const object = stack.pop();
      if ((typeof object !== 'object' && typeof object !== 'function') || object === null) continue;
      if (seen.has(object)) continue;
      seen.add(object);
      if (object !== G) tame(object);
      const descriptors = getOwnDescriptors(object);
      const keys = ownKeys(descriptors);
      for (let index = 0; index < keys.length; index++) {
        const descriptor = descriptors[keys[index]];
        if ('value' in descriptor) stack.push(descriptor.value);
        if (descriptor.get) stack.push(descriptor.get);
        if (descriptor.set) stack.push(descriptor.set);
      }
      stack.push(getPrototypeOf(object));
      freeze(object);
    }
  }
  harden(G);
  harden(AsyncFunctionCtor);
  harden((function* () {}).constructor);
  harden((async function* () {}).constructor);

  const compiled = new MapCtor();
  let nextId = 1;

  function failure(error) {
    let name = 'Error';
    let message = '';
    try { name = StringCtor(error && error.name); } catch (inner) {}
    try { message = StringCtor(error && error.message); } catch (inner) { message = '[unreadable message]'; }
    if (typeof error !== 'object' || error === null) {
      try { name = 'Thrown'; message = StringCtor(error); } catch (inner) {}
    }
    return stringify({ t: 'err', n: name.slice(0, 200), m: message.slice(0, 2000) }) + '\n';
  }
  function begin(maxLog) {
    logs = [];
    logChars = 0;
    dropped = 0;
    maxLogChars = maxLog;
  }
  function encode(value, maxOutputChars) {
    if (value instanceof PromiseCtor) {
      return stringify({ t: 'err', n: 'TypeError', m: 'the code returned a promise: use await so it runs as async code' }) + '\n';
    }
    let json = stringify(value === undefined ? null : value);
    if (json === undefined) json = 'null';
    if (json.length > maxOutputChars) return stringify({ t: 'big', c: json.length }) + '\n';
    if (logs.length === 0 && dropped === 0) return '{"t":"ok"}\n' + json;
    return stringify({ t: 'ok', l: logs, d: dropped }) + '\n' + json;
  }

  return freeze({
    compile: function (code, forceAsync) {
      const body = '"use strict";\n' + code;
      let fn;
      let isAsync = forceAsync;
      try {
        if (!forceAsync) {
          try {
            fn = new FunctionCtor('input', body);
          } catch (syncError) {
            try { fn = new AsyncFunctionCtor('input', 'host', body); isAsync = true; }
            catch (asyncError) { return failure(syncError); }
          }
        } else {
          fn = new AsyncFunctionCtor('input', 'host', body);
        }
      } catch (error) {
        return failure(error);
      }
      const id = nextId++;
      apply(mapSet, compiled, [id, fn]);
      return stringify({ id: id, async: isAsync });
    },
    call: function (id, inputJson, maxOutputChars, maxLog) {
      begin(maxLog);
      try {
        const fn = apply(mapGet, compiled, [id]);
        return encode(fn(parse(inputJson)), maxOutputChars);
      } catch (error) {
        return failure(error);
      }
    },
    callAsync: function (id, inputJson, maxOutputChars, maxLog, hostNamesJson) {
      begin(maxLog);
      hostOpen = true;
      const fn = apply(mapGet, compiled, [id]);
      let promise;
      try {
        promise = PromiseCtor.resolve(fn(parse(inputJson), host(parse(hostNamesJson))));
      } catch (error) {
        hostOpen = false;
        return PromiseCtor.resolve(failure(error));
      }
      return promise.then(
        function (value) { hostOpen = false; try { return encode(value, maxOutputChars); } catch (error) { return failure(error); } },
        function (error) { hostOpen = false; return failure(error); },
      );
    },
    closeHost: function () { hostOpen = false; },
    forget: function (id) { apply(mapDelete, compiled, [id]); },
  });
})
`;
