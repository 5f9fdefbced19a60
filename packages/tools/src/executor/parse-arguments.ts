import { ValidationError } from '@agenticflow/core';

/**
 * Turns a model's raw arguments into a value. A string is parsed as JSON, strictly: prose around
 * the JSON (`Sure! {"a":1}`) is a `VALIDATION_FAILED`, never guessed at. Any other value is taken
 * as already parsed.
 */
export function parseArguments(raw: unknown, toolName: string): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (error) {
    const preview = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
    throw new ValidationError(
      `invalid arguments for tool ${toolName}`,
      [
        {
          path: [],
          message: `${JSON.stringify(preview)} is not a JSON object (${(error as Error).message}): send only the JSON arguments, without any text around them`,
        },
      ],
      { cause: error, details: { tool: toolName, phase: 'validation' } },
    );
  }
}
