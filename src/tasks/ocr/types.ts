/**
 * Shapes shared by the OCR stages. Coordinates are in pixels of the original picture,
 * x to the right and y down; a quad lists its corners top-left, top-right, bottom-right,
 * bottom-left (clockwise on screen), as PaddleOCR orders them.
 */

/** `[x, y]`. */
export type Point = [number, number];

/** Four corners: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/** One line of text read from the picture. */
export interface OcrLine {
  text: string;
  /** Mean of the recognizer's top probability over the characters it kept (0–1). */
  confidence: number;
  /** The detected quad in the original picture's pixels. */
  box: Point[];
  /** Whether the direction classifier turned the line by 180° before reading it. */
  flipped: boolean;
  /** The recognizer whose reading was kept (`ppocr-rec`, `hangul-rec`). */
  recognizer?: string;
}

/** The stages `runOcr` reports through `onStage`, in order. */
export type OcrStage = 'detect' | 'classify' | 'recognize';
