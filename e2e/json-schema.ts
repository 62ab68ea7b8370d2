/**
 * A small JSON Schema checker for the keywords docs/lab-report.schema.json uses (type,
 * const, enum, required, properties, additionalProperties, items, minimum, maximum, allOf,
 * local $ref). Ajv 8 is not a dependency of this project (only a transitive one of Fastify),
 * so the e2e test checks the exported report with this instead; it fails on any keyword it
 * does not know, so the schema cannot silently outgrow it.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', 'title', 'description', 'type', 'const', 'enum', 'required', 'properties', 'additionalProperties', 'items', 'minimum', 'maximum', 'allOf', '$ref', '$defs']);

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const parts = ref.replace(/^#\//, '').split('/');
    let node: unknown = root;
    for (const p of parts) node = (node as Schema)[p];
    if (!node) throw new Error(`unresolved $ref ${ref}`);
    return node as Schema;
  };
  const check = (schema: Schema, v: unknown, path: string): void => {
    for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema keyword '${key}' at ${path} is not supported by this checker`);
    if (typeof schema.$ref === 'string') check(resolve(schema.$ref), v, path);
    for (const sub of (schema.allOf as Schema[] | undefined) ?? []) check(sub, v, path);
    if (schema.type !== undefined) {
      const allowed = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!typeOf(v).some((t) => allowed.includes(t))) errors.push(`${path}: expected ${allowed.join('|')}, got ${typeOf(v)[0]}`);
    }
    if ('const' in schema && v !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
    if (schema.enum && !(schema.enum as unknown[]).includes(v)) errors.push(`${path}: ${JSON.stringify(v)} not in ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) errors.push(`${path}: ${v} < ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) errors.push(`${path}: ${v} > ${schema.maximum}`);
    }
    if (Array.isArray(v) && schema.items) v.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const object = v as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in object)) errors.push(`${path}: missing '${key}'`);
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, item] of Object.entries(object)) {
        if (properties[key]) check(properties[key], item, `${path}.${key}`);
        else if (schema.additionalProperties === false) errors.push(`${path}: unexpected '${key}'`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, item, `${path}.${key}`);
      }
    }
  };
  check(root, value, '$');
  return errors;
}
