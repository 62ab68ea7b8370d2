import { describe, expect, it } from 'vitest';
import { EngineError, classifyRuntimeMessage, skipReasonFor, toEngineError } from './errors.ts';

describe('toEngineError', () => {
  it('rebuilds the kind from `name`, which is all Comlink keeps', () => {
    const crossed = { name: 'DeviceLostError', message: 'GPU device lost (destroyed)' };
    const error = toEngineError(crossed);
    expect(error).toBeInstanceOf(EngineError);
    expect(error.name).toBe('DeviceLostError');
    expect(error.message).toBe('GPU device lost (destroyed)');
  });
  it('falls back to a given kind for unknown errors', () => {
    expect(toEngineError(new TypeError('x')).name).toBe('RunError');
    expect(toEngineError('boom', 'ModelLoadError')).toMatchObject({ name: 'ModelLoadError', message: 'boom' });
  });
});

describe('classifyRuntimeMessage', () => {
  it.each([
    ["Failed to get GPU adapter. You may need to enable flag '--enable-unsafe-webgpu'", 'create', 'WebGpuUnavailableError'],
    ['RangeError: Array buffer allocation failed', 'run', 'OutOfMemoryError'],
    ['Device was lost: destroyed', 'run', 'DeviceLostError'],
    ["Could not find an implementation for Foo(1) node with name 'foo'", 'create', 'UnsupportedOpError'],
    ['Fatal error: com.example.lab:Frobnicate(-1) is not a registered function/op', 'create', 'UnsupportedOpError'],
    ['shader_helper.cc:416 GenerateSourceCode Program Add requires f16 but the device does not support it.', 'run', 'UnsupportedOpError'],
    ["Can't create a session. failed to load model: protobuf parsing failed.", 'create', 'ModelLoadError'],
    ['some other failure', 'create', 'SessionError'],
    ['Got invalid dimensions for input: x', 'run', 'InvalidInputError'],
    ['some other failure', 'run', 'RunError'],
  ] as const)('%s (%s) → %s', (message, phase, kind) => expect(classifyRuntimeMessage(message, phase)).toBe(kind));
});

describe('skipReasonFor', () => {
  it('moves down the ladder for backend failures only', () => {
    expect(skipReasonFor('DeviceLostError')).toBe('device-lost');
    expect(skipReasonFor('OutOfMemoryError')).toBe('out-of-memory');
    expect(skipReasonFor('UnsupportedOpError')).toBe('op-unsupported');
    expect(skipReasonFor('SessionError')).toBe('session-failed');
    // The user's input or the model file is wrong: another backend would fail the same way.
    expect(skipReasonFor('InvalidInputError')).toBeUndefined();
    expect(skipReasonFor('ModelLoadError')).toBeUndefined();
    expect(skipReasonFor('AbortError')).toBeUndefined();
  });
  it('an unreachable or failing datacenter falls back to this device, a bad request does not', () => {
    expect(skipReasonFor('NetworkError', 'datacenter')).toBe('datacenter-unavailable');
    expect(skipReasonFor('DatacenterError', 'datacenter')).toBe('datacenter-unavailable');
    expect(skipReasonFor('DatacenterAuthError', 'datacenter')).toBe('datacenter-refused');
    expect(skipReasonFor('InvalidInputError', 'datacenter')).toBeUndefined();
    expect(skipReasonFor('NetworkError', 'wasm')).toBeUndefined();
  });
});
