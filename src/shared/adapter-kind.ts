/** Software rasterizers: correct, but slower than WASM for inference. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render/i;

export interface AdapterFacts {
  architecture: string;
  description: string;
  device: string;
  isFallbackAdapter?: boolean;
}

/** Decides from a GPUAdapterInfo's strings whether the adapter is a software one. */
export function isSoftwareAdapter(info: AdapterFacts): boolean {
  return Boolean(info.isFallbackAdapter) || SOFTWARE_ADAPTER.test(`${info.architecture} ${info.description} ${info.device}`);
}
