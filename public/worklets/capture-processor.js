/* global AudioWorkletProcessor, registerProcessor */
// AudioWorklet: forwards the microphone's first channel to the page in chunks of 512
// samples (32 ms at 16 kHz, Silero VAD's frame). Plain JS: it runs in the audio thread's
// own global scope, which the app's TypeScript settings do not describe.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new Float32Array(512);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        this.buffer[this.filled++] = channel[i];
        if (this.filled === this.buffer.length) {
          this.port.postMessage(this.buffer, [this.buffer.buffer]);
          this.buffer = new Float32Array(512);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('ax-capture', CaptureProcessor);
