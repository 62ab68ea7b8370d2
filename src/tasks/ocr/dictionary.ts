/** The recognizer's dictionary file: one character per line. */

/**
 * Parses a dictionary such as ppocr_keys_v1.txt: one entry per line, `\r\n` or `\n`, a
 * final newline or none. Lines are kept as they are (a line may be a space-like symbol),
 * so only the line breaks are removed.
 */
export function loadDictionary(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
