/**
 * The engine's reference to a model stored in the Model Lab (IndexedDB `ax-lab`): one place
 * builds it and one reads it, so no page writes `lab:` addresses by hand.
 */
import type { ModelRef } from '../shared/protocol.ts';

const SCHEME = 'lab:';

/** The reference the engine runs a Lab model by; the worker reads its bytes from the Lab's store. */
export function labModelRef(labId: string): ModelRef {
  return { id: `${SCHEME}${labId}`, url: `${SCHEME}${labId}` };
}

/** The Lab id a reference names, or undefined for any other model. */
export function labIdOf(model: Pick<ModelRef, 'url'>): string | undefined {
  return model.url.startsWith(SCHEME) ? model.url.slice(SCHEME.length) : undefined;
}
