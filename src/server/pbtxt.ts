/**
 * A reader for the protobuf text format subset Triton's `config.pbtxt` uses: scalars,
 * enums, strings, nested messages and `[ ... ]` lists, `#` comments. Every field comes back
 * as a list because text format does not say which fields are repeated.
 */

export type PbValue = string | number | PbMessage;
export interface PbMessage {
  [field: string]: PbValue[];
}

const TOKEN = /\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{}[\]:,;])|([A-Za-z_][\w.]*)|(-?[\d.][\w.+-]*)/y;

type Token = { kind: 'punct' | 'ident' | 'string' | 'number'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new SyntaxError(`config.pbtxt: unexpected character at offset ${at}`);
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ kind: 'string', text: (m[1] ?? m[2])!.replace(/\\(.)/g, '$1') });
    else if (m[3]) tokens.push({ kind: 'punct', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'ident', text: m[4] });
    else if (m[5]) tokens.push({ kind: 'number', text: m[5] });
  }
  return tokens;
}

/** Parses config.pbtxt text; throws a SyntaxError naming what it did not understand. */
export function parsePbtxt(text: string): PbMessage {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (punct: string) => {
    if (tokens[i]?.text !== punct) throw new SyntaxError(`config.pbtxt: expected '${punct}' near token ${i}`);
    i++;
  };
  const scalar = (): string | number => {
    const t = tokens[i++];
    if (!t || t.kind === 'punct') throw new SyntaxError(`config.pbtxt: expected a value near token ${i}`);
    return t.kind === 'number' ? Number(t.text) : t.text;
  };
  const item = (): PbValue => (peek()?.text === '{' ? message(true) : scalar());
  function message(braced: boolean): PbMessage {
    if (braced) expect('{');
    const out: PbMessage = {};
    while (i < tokens.length && !(braced && peek()?.text === '}')) {
      const name = tokens[i++]!;
      if (name.kind !== 'ident') throw new SyntaxError(`config.pbtxt: expected a field name, got '${name.text}'`);
      if (peek()?.text === ':') i++;
      const values = (out[name.text] ??= []);
      if (peek()?.text === '[') {
        i++;
        while (peek()?.text !== ']') {
          values.push(item());
          if (peek()?.text === ',') i++;
          else if (peek()?.text !== ']') throw new SyntaxError(`config.pbtxt: expected ',' or ']' in '${name.text}'`);
        }
        i++;
      } else values.push(item());
      if (peek()?.text === ',' || peek()?.text === ';') i++;
    }
    if (braced) expect('}');
    return out;
  }
  return message(false);
}
