import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** A scripted model was asked more often than its script answers. */
export class ModelScriptExhaustedError extends AgenticFlowError {
  constructor(
    readonly modelId: string,
    readonly answers: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'MODEL_SCRIPT_EXHAUSTED',
      `scripted model ${modelId} was called ${answers + 1} times but its script holds ${answers} answers: add an answer to the script, or check why the caller asked again`,
      { ...options, details: { ...options.details, modelId, answers } },
    );
    this.name = 'ModelScriptExhaustedError';
  }

  static is(value: unknown): value is ModelScriptExhaustedError {
    return hasErrorCode(value, 'MODEL_SCRIPT_EXHAUSTED');
  }
}
