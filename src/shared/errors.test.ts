import { describe, expect, it } from 'vitest';
import { EngineError, classifyRuntimeMessage, sanitizeRuntimeMessage, skipReasonFor, toEngineError } from './errors.ts';

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
    // A dynamic dim that clashes with the graph inside it (onnxruntime-node 1.30's words).
    ["Non-zero status code returned while running MatMul node. Name:'matmul' Status Message: matmul_helper.h:59 Compute MatMul dimension mismatch", 'run', 'InvalidInputError'],
    ['Attempting to broadcast an axis by a dimension other than 1. 2 by 3', 'run', 'InvalidInputError'],
    ['Tensor.dims[1] is invalid: 4.29497e+09', 'run', 'InvalidInputError'],
    // An index the client sent that points outside the data (Gather, GatherElements).
    ["Non-zero status code returned while running GatherElements node. Name:'g' Status Message: GatherElements op: Out of range value in index tensor", 'run', 'InvalidInputError'],
    ['indices element out of data bounds, idx=9 must be within the inclusive range [-4,3]', 'run', 'InvalidInputError'],
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

describe('sanitizeRuntimeMessage', () => {
  it("drops onnxruntime's source locations and keeps what the message says", () => {
    expect(sanitizeRuntimeMessage("Non-zero status code returned while running MatMul node. Name:'matmul' Status Message: matmul_helper.h:59 Compute MatMul dimension mismatch")).toBe(
      "Non-zero status code returned while running MatMul node. Name:'matmul' Status Message: MatMul dimension mismatch",
    );
    expect(sanitizeRuntimeMessage('[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : /onnxruntime_src/onnxruntime/core/framework/execution_frame.cc:123 onnxruntime::ExecutionFrame::Alloc Shape mismatch')).toBe(
      '[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Shape mismatch',
    );
  });
  it("keeps only the last part of this machine's absolute paths", () => {
    expect(sanitizeRuntimeMessage('Load model from /srv/models/secret/1/model.onnx failed:Protobuf parsing failed.')).toBe('Load model from model.onnx failed:Protobuf parsing failed.');
    expect(sanitizeRuntimeMessage("open 'C:\\models\\x\\model.onnx' failed")).toBe("open 'model.onnx' failed");
    expect(sanitizeRuntimeMessage('shape a/b and 1/2 stay, so does https://onnxruntime.ai')).toBe('shape a/b and 1/2 stay, so does https://onnxruntime.ai');
  });
});
