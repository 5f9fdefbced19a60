import { ConfigurationError, describeValue } from '@agenticflow/core';

/** Distinct values one label may take before new values are reported as {@link OTHER_LABEL_VALUE}. */
export const DEFAULT_MAX_LABEL_VALUES = 200;
/** The value a label takes once its cap of distinct values is reached. */
export const OTHER_LABEL_VALUE = 'other';
/** The value a label takes when the event carries no usable name. */
export const UNKNOWN_LABEL_VALUE = 'unknown';
/** Longest label value kept; longer names are cut. */
const MAX_LABEL_VALUE_LENGTH = 100;

/**
 * Keeps label values bounded: each label name accepts `max` distinct values, then maps every new
 * one to `"other"`. Values seen before the cap keep their own series.
 */
export class LabelValueCap {
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly max: number,
    private readonly onOverflow: (label: string) => void = () => {},
  ) {}

  /** The value to use for `label` given the raw name found in an event or topic. */
  value(label: string, raw: unknown): string {
    if (typeof raw !== 'string' || raw.length === 0) return UNKNOWN_LABEL_VALUE;
    const value = raw.length > MAX_LABEL_VALUE_LENGTH ? raw.slice(0, MAX_LABEL_VALUE_LENGTH) : raw;
    let values = this.seen.get(label);
    if (!values) {
      values = new Set();
      this.seen.set(label, values);
    }
    if (values.has(value)) return value;
    if (values.size >= this.max) {
      this.onOverflow(label);
      return OTHER_LABEL_VALUE;
    }
    values.add(value);
    return value;
  }
}

/** The first dot-separated segment of an event type or topic: its family. */
export function familyOf(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/** Throws `INVALID_CONFIGURATION` unless `max` is a positive integer. */
export function checkMaxLabelValues(max: unknown): number {
  if (max === undefined) return DEFAULT_MAX_LABEL_VALUES;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw new ConfigurationError(
      `maxLabelValues must be a positive integer, got ${describeValue(max)}: pass a number such as ${DEFAULT_MAX_LABEL_VALUES}, or leave it out`,
      { details: { maxLabelValues: describeValue(max) } },
    );
  }
  return max;
}
