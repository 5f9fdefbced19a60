import type { EventStore } from '@agenticflow/core';
import { expect, it } from 'vitest';

export function capabilitiesSuite(getStore: () => EventStore): void {
  it('declares its capabilities', () => {
    const { capabilities } = getStore();
    expect(typeof capabilities.durable).toBe('boolean');
    expect(typeof capabilities.multiProcess).toBe('boolean');
    expect(typeof capabilities.liveNotifications).toBe('boolean');
    expect(Number.isInteger(capabilities.maxEventBytes) && capabilities.maxEventBytes > 0).toBe(
      true,
    );
  });
}
