/**
 * A ModelRunner over onnxruntime-node, for unit tests and evaluation scripts: the same
 * task code the browser runs, with the reference runtime. Sessions are created once per
 * model from the Triton-layout repository.
 */
import * as ort from 'onnxruntime-node';
import type { ModelRunner } from '../../src/tasks/model-runner.ts';
import { ortReady, type NamedTensors, type WireTensor } from '../../src/shared/tensor.ts';

export interface NodeRunner {
  run: ModelRunner;
  release(): Promise<void>;
}

export function nodeRunner(repository = 'models', threads = 1): NodeRunner {
  const sessions = new Map<string, Promise<ort.InferenceSession>>();
  const session = (id: string) => {
    let s = sessions.get(id);
    if (!s) {
      s = ort.InferenceSession.create(`${repository}/${id}/1/model.onnx`, { intraOpNumThreads: threads, interOpNumThreads: 1 });
      sessions.set(id, s);
    }
    return s;
  };
  const run: ModelRunner = async (modelId, inputs) => {
    const s = await session(modelId);
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, wire] of Object.entries(inputs)) {
      const t = ortReady(wire);
      feeds[name] = new ort.Tensor(t.type, t.data as never, t.dims);
    }
    const results = await s.run(feeds);
    const outputs: NamedTensors = {};
    for (const [name, t] of Object.entries(results)) outputs[name] = { type: t.type, dims: [...t.dims], data: t.data } as WireTensor;
    return outputs;
  };
  return {
    run,
    release: async () => {
      for (const s of sessions.values()) await (await s).release();
      sessions.clear();
    },
  };
}
