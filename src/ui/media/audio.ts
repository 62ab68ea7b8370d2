/**
 * Sound in: files and samples decoded to mono samples, and the microphone streamed at
 * 16 kHz (the browser resamples) through an AudioWorklet in 32 ms chunks.
 */
/**
 * Served from public/ as a file of its own: bundled, Vite would inline this small script as
 * a data: URL, which the Content-Security-Policy (rightly) refuses to run.
 */
const PROCESSOR_URL = 'worklets/capture-processor.js';

export const VAD_SAMPLE_RATE = 16_000;

/** Decodes any audio file the browser can play into mono samples at its own rate. */
export async function decodeAudio(blob: Blob): Promise<{ samples: Float32Array; sampleRate: number }> {
  const context = new OfflineAudioContext(1, 1, VAD_SAMPLE_RATE);
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(await blob.arrayBuffer());
  } catch {
    const error = new Error(`cannot read ${blob.type || 'this file'} as sound`);
    error.name = 'UnreadableAudioError';
    throw error;
  }
  const samples = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < channel.length; i++) samples[i]! += channel[i]! / buffer.numberOfChannels;
  }
  return { samples, sampleRate: buffer.sampleRate };
}

export interface MicStream {
  stop(): void;
}

/** Streams the microphone to `onchunk` (16 kHz mono, 512 samples a chunk) until `stop()`. */
export async function openMicrophone(onchunk: (samples: Float32Array) => void): Promise<MicStream> {
  const media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false } });
  const context = new AudioContext({ sampleRate: VAD_SAMPLE_RATE });
  try {
    await context.audioWorklet.addModule(new URL(PROCESSOR_URL, document.baseURI).href);
    const source = context.createMediaStreamSource(media);
    const node = new AudioWorkletNode(context, 'ax-capture');
    node.port.onmessage = (event: MessageEvent<Float32Array>) => onchunk(event.data);
    source.connect(node);
  } catch (error) {
    for (const track of media.getTracks()) track.stop();
    await context.close();
    throw error;
  }
  return {
    stop() {
      for (const track of media.getTracks()) track.stop();
      void context.close();
    },
  };
}
