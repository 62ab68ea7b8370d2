/**
 * One still picture as a YUV4MPEG2 (.y4m) video, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`, which loops the file): e2e tests point the "camera"
 * at a real sample meter. The picture is centred on a white frame of the given size (never
 * scaled, so the text stays as sharp as in the sample); BT.601 full-range 4:2:0 (C420jpeg).
 */

export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major. */
  data: Uint8Array;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

export function stillToY4m(picture: Rgba, width: number, height: number): Uint8Array {
  if (width % 2 || height % 2) throw new Error(`4:2:0 needs an even frame size, not ${width}×${height}`);
  if (picture.width > width || picture.height > height) throw new Error(`the picture (${picture.width}×${picture.height}) is larger than the frame`);
  const left = Math.floor((width - picture.width) / 2);
  const top = Math.floor((height - picture.height) / 2);
  // White where the picture is not; alpha blended over white where it is.
  const rgb = (x: number, y: number): [number, number, number] => {
    const px = x - left;
    const py = y - top;
    if (px < 0 || py < 0 || px >= picture.width || py >= picture.height) return [255, 255, 255];
    const i = (py * picture.width + px) * 4;
    const a = picture.data[i + 3]! / 255;
    return [0, 1, 2].map((c) => picture.data[i + c]! * a + 255 * (1 - a)) as [number, number, number];
  };
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`);
  const yPlane = new Uint8Array(width * height);
  const uPlane = new Uint8Array((width / 2) * (height / 2));
  const vPlane = new Uint8Array(uPlane.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      yPlane[y * width + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let u = 0;
      let v = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const [r, g, b] = rgb(2 * x + dx, 2 * y + dy);
        u += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        v += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      }
      uPlane[y * (width / 2) + x] = clamp(u / 4);
      vPlane[y * (width / 2) + x] = clamp(v / 4);
    }
  }
  const out = new Uint8Array(header.length + yPlane.length + uPlane.length + vPlane.length);
  out.set(header, 0);
  out.set(yPlane, header.length);
  out.set(uPlane, header.length + yPlane.length);
  out.set(vPlane, header.length + yPlane.length + uPlane.length);
  return out;
}
