import { afterAll, beforeAll, describe, it } from 'vitest';
import { servicesRequired } from './services.js';

/**
 * Opens a `describe` block that is skipped, with the printed reason, when `skip` gives one — or,
 * under `AF_REQUIRE_SERVICES=1`, replaced by a failing test naming the reason.
 */
export function describeUnlessSkipped(
  title: string,
  skip: string | undefined,
  body: () => void,
): void {
  if (skip && servicesRequired()) {
    describe(title, () => {
      it('has its service available (AF_REQUIRE_SERVICES=1)', () => {
        throw new Error(
          `${title} cannot run: ${skip}. Start the service, or unset AF_REQUIRE_SERVICES to skip.`,
        );
      });
    });
    return;
  }
  if (skip) console.warn(`[conformance] skipping ${title}: ${skip}`);
  describe.skipIf(Boolean(skip))(skip ? `${title} (skipped: ${skip})` : title, body);
}

/**
 * {@link describeUnlessSkipped} plus one resource made by the harness in `beforeAll` and closed in
 * `afterAll`; `body` receives a getter for it.
 */
export function describeWithResource<Resource>(
  title: string,
  harness: {
    readonly skip?: string | undefined;
    create(): Promise<Resource>;
    destroy?(resource: Resource): Promise<void>;
  },
  close: (resource: Resource) => Promise<void>,
  body: (get: () => Resource) => void,
): void {
  describeUnlessSkipped(title, harness.skip, () => {
    let resource: Resource | undefined;
    beforeAll(async () => {
      resource = await harness.create();
    });
    afterAll(async () => {
      if (resource !== undefined)
        await (harness.destroy ? harness.destroy(resource) : close(resource));
    });
    body(() => {
      if (resource === undefined)
        throw new Error(`${title}: the harness did not create a resource`);
      return resource;
    });
  });
}
