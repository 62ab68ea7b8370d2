/**
 * Server-side errors beyond the codec's `V2Error`, each knowing its HTTP status and,
 * when it helps a client, a header to send with it.
 */
import { V2Error } from '../shared/kserve-v2.ts';

/** 503 with `Retry-After`: a passing shortage; the client should back off, not fail. */
export class RetryLaterError extends V2Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 1) {
    super(503, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The model's queue is full. */
export class QueueFullError extends RetryLaterError {
  constructor(model: string, limit: number, retryAfterSeconds = 1) {
    super(`inference queue of model '${model}' is full (${limit} waiting); retry later`, retryAfterSeconds);
  }
}

/** The client went away; nothing is sent, the status only labels logs and metrics. */
export class ClientGoneError extends V2Error {
  constructor() {
    super(499, 'request cancelled: the client closed the connection');
  }
}

/** Triton's wording for a model it does not have. */
export const unknownModel = (name: string, version?: string) =>
  new V2Error(404, `Request for unknown model: '${name}'${version === undefined ? '' : ` version ${version}`} is not found`);
