/**
 * Typed custom headers. Java flattens a header object into extFields (all strings); each request code has a
 * module here that declares its fields once, and gets a decoder with required-field checks and an encoder.
 */
import { MqError } from '../../common/errors';
import type { ExtFields } from '../remoting-command';

export type FieldType = 'string' | 'int' | 'long' | 'boolean';

export interface FieldSpec {
  type: FieldType;
  /** `@CFNotNull` in Java: a missing value fails the request. */
  required?: boolean;
}

type TsType<T extends FieldType> = T extends 'string' ? string : T extends 'boolean' ? boolean : number;

type RequiredKeys<S> = { [K in keyof S]: S[K] extends { required: true } ? K : never }[keyof S];
type OptionalKeys<S> = Exclude<keyof S, RequiredKeys<S>>;

export type HeaderOf<S extends Record<string, FieldSpec>> = { [K in RequiredKeys<S>]: TsType<S[K]['type']> } & {
  [K in OptionalKeys<S>]?: TsType<S[K]['type']>;
};

/** A request whose header misses a required field or carries an unparseable one. */
export class HeaderError extends MqError {
  constructor(message: string) {
    super('BAD_HEADER', message);
  }
}

export interface HeaderCodec<S extends Record<string, FieldSpec>> {
  readonly name: string;
  readonly fields: S;
  decode(ext: ExtFields | undefined): HeaderOf<S>;
  encode(h: HeaderOf<S>): ExtFields;
}

function parseValue(type: FieldType, raw: string): string | number | boolean | undefined {
  switch (type) {
    case 'string':
      return raw;
    case 'boolean':
      // Java: Boolean.parseBoolean — anything but "true" is false.
      return raw.toLowerCase() === 'true';
    case 'int':
    case 'long': {
      const t = raw.trim();
      if (!/^-?\d+$/.test(t)) return undefined;
      const n = Number(t);
      if (type === 'int' && (n < -2147483648 || n > 2147483647)) return undefined;
      // Long.MAX_VALUE sentinels lose precision as numbers; clamp so comparisons still behave.
      return Number.isSafeInteger(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    }
  }
}

export function defineHeader<S extends Record<string, FieldSpec>>(name: string, fields: S): HeaderCodec<S> {
  const entries = Object.entries(fields);
  return {
    name,
    fields,
    decode(ext) {
      const out: Record<string, unknown> = {};
      for (const [key, spec] of entries) {
        const raw = ext?.[key];
        const v = raw === undefined ? undefined : parseValue(spec.type, raw);
        if (v === undefined) {
          if (spec.required && ext !== undefined) {
            throw new HeaderError(
              raw === undefined
                ? `the custom field <${key}> is null`
                : `the custom field <${key}> of ${name} is not a valid ${spec.type}: ${JSON.stringify(raw)}`,
            );
          }
          continue;
        }
        out[key] = v;
      }
      if (ext === undefined) {
        const missing = entries.filter(([, s]) => s.required).map(([k]) => k);
        if (missing.length) throw new HeaderError(`${name} requires fields ${missing.join(', ')} but the request has no header`);
      }
      return out as HeaderOf<S>;
    },
    encode(h) {
      const out: ExtFields = {};
      const rec = h as Record<string, unknown>;
      for (const [key] of entries) {
        const v = rec[key];
        if (v === undefined || v === null) continue;
        out[key] = String(v);
      }
      return out;
    },
  };
}
