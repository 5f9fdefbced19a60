// The supervised sandbox's child process: runs an in-process sandbox and answers the supervisor
// over IPC. Host functions stay in the supervisor; calls to them travel back over IPC.
import { serializeError } from '@agenticflow/core';
import { z } from 'zod';
import type { HostFunction, HostFunctions } from '../host-function.js';
import { InProcessSandbox } from '../in-process-sandbox.js';
import type { FromChild, ToChild } from './child-protocol.js';

let sandbox: InProcessSandbox | undefined;
const runs = new Map<number, AbortController>();
const hostCalls = new Map<number, { resolve(json: string): void; reject(error: Error): void }>();
let nextHostCallId = 1;

function send(message: FromChild): void {
  process.send?.(message);
}

function hostProxy(runId: number, name: string): HostFunction {
  return {
    description: undefined,
    input: z.unknown(),
    output: undefined,
    call: (argument) =>
      new Promise((resolve, reject) => {
        const callId = nextHostCallId++;
        hostCalls.set(callId, { resolve: (json) => resolve(JSON.parse(json)), reject });
        send({
          type: 'host-call',
          id: runId,
          callId,
          name,
          argsJson: JSON.stringify(argument ?? null),
        });
      }),
  };
}

async function run(message: Extract<ToChild, { type: 'run' }>): Promise<void> {
  const controller = new AbortController();
  runs.set(message.id, controller);
  const hostFunctions: HostFunctions = Object.fromEntries(
    message.hostNames.map((name) => [name, hostProxy(message.id, name)]),
  );
  try {
    const result = await sandbox!.run(message.code, {
      input: JSON.parse(message.inputJson),
      timeoutMs: message.timeoutMs,
      hostFunctions,
      signal: controller.signal,
    });
    send({ type: 'result', id: message.id, result });
  } catch (error) {
    send({ type: 'result', id: message.id, error: serializeError(error) });
  } finally {
    runs.delete(message.id);
  }
}

process.on('message', (message: ToChild) => {
  switch (message.type) {
    case 'init':
      sandbox = new InProcessSandbox(message.options, false);
      send({ type: 'ready' });
      break;
    case 'warm':
      sandbox!.warm().then(
        () => send({ type: 'warmed' }),
        (error: unknown) => send({ type: 'warmed', error: serializeError(error) }),
      );
      break;
    case 'run':
      void run(message);
      break;
    case 'abort':
      runs.get(message.id)?.abort();
      break;
    case 'host-result': {
      const pending = hostCalls.get(message.callId);
      hostCalls.delete(message.callId);
      if (message.ok) pending?.resolve(message.json ?? 'null');
      else pending?.reject(new Error(message.message ?? 'the host function failed'));
      break;
    }
  }
});
// The supervisor is gone: nothing can use this process any more.
process.on('disconnect', () => process.exit(0));
