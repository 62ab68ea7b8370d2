/**
 * A small WAV reader for tests, evaluations and dropped files: RIFF/WAVE with 16-bit PCM,
 * mono or stereo (stereo is mixed down to mono by averaging). Pure: bytes in, samples out.
 */

export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file before the mix-down. */
  channels: number;
  /** Mono samples in [-1, 1). */
  samples: Float32Array;
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;

const tag = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

/** Decodes a PCM16 WAV; throws an Error saying what the file is instead. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || tag(view, 0) !== 'RIFF' || tag(view, 8) !== 'WAVE') throw new Error('not a WAV file (no RIFF/WAVE header)');
  let format: { code: number; channels: number; sampleRate: number; bits: number } | undefined;
  let data: Uint8Array | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new Error(`WAV fmt chunk is ${size} bytes, expected at least 16`);
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (code === EXTENSIBLE && size >= 26) code = view.getUint16(body + 24, true);
      format = { code, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      // Streaming writers leave the size at 0 or 0xFFFFFFFF: take what the file holds.
      data = bytes.subarray(body, Math.min(bytes.length, body + (size === 0 ? bytes.length : size)));
      break;
    }
    at = body + size + (size % 2); // chunks are padded to an even length
  }
  if (!format) throw new Error('WAV file has no fmt chunk');
  if (!data) throw new Error('WAV file has no data chunk');
  if (format.code !== PCM || format.bits !== 16) throw new Error(`WAV format ${format.code} with ${format.bits}-bit samples is not supported: convert to 16-bit PCM`);
  if (format.channels !== 1 && format.channels !== 2) throw new Error(`WAV has ${format.channels} channels: only mono and stereo are supported`);
  if (!(format.sampleRate > 0)) throw new Error('WAV sample rate is 0');
  const frames = Math.floor(data.length / (2 * format.channels));
  const pcm = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++) sum += pcm.getInt16((i * format.channels + c) * 2, true);
    samples[i] = sum / format.channels / 32768;
  }
  return { sampleRate: format.sampleRate, channels: format.channels, samples };
}

/** Writes mono 16-bit PCM as a WAV file: how a VAD job's audio travels to the datacenter. */
export function encodeWav(pcm: Int16Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + pcm.length * 2);
  const view = new DataView(bytes.buffer);
  const write = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  write(0, 'RIFF');
  view.setUint32(4, 36 + pcm.length * 2, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  write(36, 'data');
  view.setUint32(40, pcm.length * 2, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i]!, true);
  return bytes;
}

/** Float samples in [-1, 1] to 16-bit PCM (clipped), the form a VAD job carries. */
export function toPcm16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768)));
  return pcm;
}
