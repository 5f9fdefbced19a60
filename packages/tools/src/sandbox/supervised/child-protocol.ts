import type { SerializedError } from '@agenticflow/core';
import type { ResolvedSandboxOptions, SandboxRunResult } from '../sandbox-types.js';

/** Messages from the supervisor to the sandbox child. */
export type ToChild =
  | { readonly type: 'init'; readonly options: ResolvedSandboxOptions }
  | { readonly type: 'warm' }
  | {
      readonly type: 'run';
      readonly id: number;
      readonly code: string;
      readonly inputJson: string;
      readonly timeoutMs: number;
      readonly hostNames: readonly string[];
    }
  | { readonly type: 'abort'; readonly id: number }
  | {
      readonly type: 'host-result';
      readonly callId: number;
      readonly ok: boolean;
      readonly json?: string;
      readonly message?: string;
    };

/** Messages from the sandbox child to the supervisor. */
export type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'warmed'; readonly error?: SerializedError }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result?: SandboxRunResult;
      readonly error?: SerializedError;
    }
  | {
      readonly type: 'host-call';
      readonly id: number;
      readonly callId: number;
      readonly name: string;
      readonly argsJson: string;
    };
