import {
  AbortedError,
  type Clock,
  checkEventType,
  type JsonValue,
  otelApi,
  parseWithSchema,
  serializeError,
  setSpanError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import type {
  MapStepDefinition,
  StepDefinition,
  StepSource,
  TaskStepDefinition,
} from '../definition/step-definition.js';
import { RESERVED_EVENT_PREFIXES } from '../events/run-events.js';
import { parseMapItemId } from '../state/run-state.js';
import { completeStep, emitCustom, failStep, type RetryDecision } from './intents.js';
import { toJsonOutput } from './json-output.js';
import type { RunDriver } from './run-driver.js';
import type { StepContext, StepLogger } from './step-context.js';
import { stepSource } from './step-source.js';
import { startStepSpan } from './workflow-spans.js';

/** A step attempt in flight, so it can be aborted (cancellation, run failure, shutdown). */
export class Execution {
  private controller: AbortController | undefined;
  private reason: unknown;

  constructor(
    readonly driver: RunDriver,
    readonly stepId: string,
    readonly attempt: number,
  ) {}

  /** Created on first use: most steps never look at their signal. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.controller?.abort(reason);
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }
}

/** The task or map definition that runs for a step id (a map item runs its map step's function). */
export function runnableDefinition(
  driver: RunDriver,
  stepId: string,
): TaskStepDefinition | MapStepDefinition | undefined {
  const item = parseMapItemId(stepId);
  const step: StepDefinition | undefined = driver.definition.stepById.get(
    item ? item.stepId : stepId,
  );
  return step && (step.kind === 'task' || step.kind === 'map') ? step : undefined;
}

/**
 * Runs one attempt of a task step or map item and queues its outcome on the run's driver: the
 * output (checked against the output schema and as JSON) or the error with the retry decision.
 */
export async function executeStep(
  execution: Execution,
  clock: Clock,
  startedAt: number,
  logger: StepLogger,
): Promise<void> {
  const { driver, stepId, attempt } = execution;
  const step = runnableDefinition(driver, stepId);
  if (!step) {
    const error = new ValidationError(
      `step ${stepId} of run ${driver.runId} is not a task in workflow ${driver.definition.name}`,
      [],
    );
    driver.enqueue(failStep(stepId, attempt, serializeError(error), () => undefined));
    return;
  }
  const otel = otelApi();
  const traced = otel === undefined ? undefined : startStepSpan(otel, driver, stepId, attempt);
  try {
    const context = new ExecutionContext(execution, step, logger);
    let output =
      traced === undefined
        ? runAttempt(execution, step, context)
        : otel!.context.with(traced.context, runAttempt, undefined, execution, step, context);
    if (isPromiseLike(output)) output = await output;
    const checked = step.outputSchema
      ? parseWithSchema(step.outputSchema, output, `output of step ${stepId}`)
      : output;
    driver.enqueue(
      completeStep(
        stepId,
        attempt,
        toJsonOutput(checked, `output of step ${stepId}`, driver.maxPayloadBytes),
        clock.now() - startedAt,
      ),
    );
    traced?.span.end();
  } catch (error) {
    if (traced !== undefined) {
      setSpanError(traced.span, error);
      traced.span.end();
    }
    const retryable =
      !ValidationError.is(error) && !AbortedError.is(error) && step.retry.retryOn(error);
    const policy = step.retry;
    const retry: RetryDecision = retryable
      ? (failures) => (failures < policy.maxAttempts ? policy.backoff(failures) : undefined)
      : () => undefined;
    driver.enqueue(failStep(stepId, attempt, serializeError(error), retry));
  }
}

function runAttempt(
  execution: Execution,
  step: TaskStepDefinition | MapStepDefinition,
  context: StepContext,
): unknown {
  return step.timeoutMs === undefined
    ? step.run(context)
    : runWithTimeout(execution, step, context);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * The {@link StepContext} of one attempt (or of a compensation, whose idempotency key ends in
 * `/compensate`). A class: cheaper than an object literal with a getter.
 */
export class ExecutionContext implements StepContext {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly item?: unknown;
  readonly index?: number;
  private source: StepSource | undefined;
  private computedInput: unknown;
  private inputReady = false;

  constructor(
    private readonly execution: Execution,
    private readonly step: TaskStepDefinition | MapStepDefinition,
    readonly logger: StepLogger,
    private readonly keySuffix = '',
  ) {
    const { driver, stepId } = execution;
    this.runId = driver.runId;
    this.stepId = stepId;
    this.attempt = execution.attempt;
    if (step.kind === 'map') {
      const index = parseMapItemId(stepId)!.index;
      this.index = index;
      this.item = step.over(this.stepSource())[index];
      this.computedInput = this.item;
      this.inputReady = true;
    } else if (step.input || step.inputSchema) {
      // Computed now, so a mapper or schema failure fails the attempt before it runs.
      void this.input;
    }
  }

  // Dependency outputs and the input are built on first use: most steps read one or neither.
  get deps(): Record<string, unknown> {
    return this.stepSource().deps as Record<string, unknown>;
  }

  get input(): unknown {
    if (!this.inputReady) {
      const { step } = this;
      let input: unknown;
      if (step.kind === 'task' && step.input) input = step.input(this.stepSource());
      else input = step.dependsOn.length > 0 ? this.deps : this.execution.driver.state.input;
      if (step.kind === 'task' && step.inputSchema) {
        input = parseWithSchema(step.inputSchema, input, `input of step ${this.stepId}`);
      }
      this.computedInput = input;
      this.inputReady = true;
    }
    return this.computedInput;
  }

  get runInput(): unknown {
    return this.execution.driver.state.input;
  }

  get idempotencyKey(): string {
    return `${this.runId}/${this.stepId}${this.keySuffix}`;
  }

  private stepSource(): StepSource {
    this.source ??= stepSource(this.step, this.execution.driver.state);
    return this.source;
  }

  get signal(): AbortSignal {
    return this.execution.signal;
  }

  emit(type: string, data: JsonValue): Promise<void> {
    if (RESERVED_EVENT_PREFIXES.some((prefix) => type.startsWith(prefix))) {
      return Promise.reject(
        new ValidationError(`custom event type ${JSON.stringify(type)} is reserved`, [
          { path: ['type'], message: `must not start with ${RESERVED_EVENT_PREFIXES.join(', ')}` },
        ]),
      );
    }
    // Checked here because the event is appended together with other steps' outcomes: a store
    // refusing it would drop them all.
    const issues: ValidationIssue[] = [];
    checkEventType(type, ['type'], issues);
    if (issues.length > 0) {
      return Promise.reject(
        new ValidationError(`custom event ${JSON.stringify(type)} of step ${this.stepId}`, issues),
      );
    }
    const driver = this.execution.driver;
    try {
      const checked = toJsonOutput(
        data,
        `data of custom event ${type} of step ${this.stepId}`,
        driver.maxPayloadBytes,
      );
      return driver.enqueueAndWait(emitCustom(type, checked, this.stepId));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function runWithTimeout(
  execution: Execution,
  step: TaskStepDefinition | MapStepDefinition,
  context: StepContext,
): Promise<unknown> {
  const result = Promise.resolve().then(() => step.run(context));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(
        `step ${execution.stepId} of run ${execution.driver.runId} did not finish within ${step.timeoutMs} ms (attempt ${execution.attempt})`,
      );
      execution.abort(error);
      reject(error);
    }, step.timeoutMs);
  });
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}
