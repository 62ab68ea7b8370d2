/**
 * The back camera, or why not: one place for what the photo input and the live reader both
 * ask of getUserMedia. The reason is a message key (ko/en in src/i18n).
 */
export type CameraOutcome = { stream: MediaStream } | { problem: 'input.cameraUnavailable' | 'input.cameraDenied' };

export async function openCamera(): Promise<CameraOutcome> {
  if (!navigator.mediaDevices?.getUserMedia) return { problem: 'input.cameraUnavailable' };
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }) };
  } catch (error) {
    return { problem: (error as DOMException).name === 'NotAllowedError' ? 'input.cameraDenied' : 'input.cameraUnavailable' };
  }
}
