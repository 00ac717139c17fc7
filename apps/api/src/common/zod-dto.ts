import { createZodDto as nestjsZodDto } from 'nestjs-zod';

/**
 * `createZodDto` from nestjs-zod, emitting OpenAPI 3.0's nullable form.
 *
 * zod 4 writes a nullable primitive as `type: ["string", "null"]` (JSON Schema 2020-12). Our
 * document is OpenAPI 3.0, where `type` must be one string; worse, @nestjs/swagger reads an array
 * `type` on a DTO's own property as "array of the first type", so a top-level `string | null`
 * (a page's `nextCursor`) came out as `string[]` in the generated web client. Rewriting the
 * JSON Schema the DTO hands to swagger to `type: "string", nullable: true` fixes both, for every
 * DTO, at the one place schemas are emitted. Every API DTO is built with this function.
 */
export function createZodDto<S extends Parameters<typeof nestjsZodDto>[0]>(schema: S): ReturnType<typeof nestjsZodDto<S>> {
  const Base = nestjsZodDto(schema) as unknown as MetadataFactoryClass;
  const Dto = withNullableAsOpenApi30(Base);
  // ZodResponse documents answers with `Dto.Output`, a class nestjs-zod makes on each read.
  Object.defineProperty(Dto, 'Output', {
    get(this: MetadataFactoryClass & { name: string }) {
      const output = withNullableAsOpenApi30((Base as unknown as { Output: MetadataFactoryClass }).Output);
      Object.defineProperty(output, 'name', { value: `${this.name}_Output` });
      return output;
    },
  });
  return Dto as unknown as ReturnType<typeof nestjsZodDto<S>>;
}

interface MetadataFactoryClass { _OPENAPI_METADATA_FACTORY(): unknown }

/** nestjs-zod marks a property whose `type` is not a string so it can drop the placeholder later. */
const EMPTY_TYPE_KEY = 'x-nestjs_zod-empty-type';
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function withNullableAsOpenApi30<T extends MetadataFactoryClass>(Base: T): T {
  const factory = Base._OPENAPI_METADATA_FACTORY.bind(Base);
  const Dto = class extends (Base as unknown as new () => object) {} as unknown as T;
  Object.defineProperty(Dto, '_OPENAPI_METADATA_FACTORY', { value: () => nullableAsOpenApi30(factory()) });
  return Dto;
}

/** `type: [T, "null"]` becomes `type: T, nullable: true`, anywhere in the schema (nested objects, `$defs`, items). */
export function nullableAsOpenApi30<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => nullableAsOpenApi30(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = nullableAsOpenApi30(v);
  const type = out.type;
  if (Array.isArray(type) && type.length > 0 && type.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) {
    const rest = (type as string[]).filter((t) => t !== 'null');
    const nullable = rest.length < type.length;
    if (rest.length === 1) {
      out.type = rest[0];
      delete out[EMPTY_TYPE_KEY];
    } else {
      // Several types at once (none of our contracts has one): OpenAPI 3.0 says so with anyOf.
      delete out.type;
      out.anyOf = rest.map((t) => ({ type: t }));
    }
    if (nullable) out.nullable = true;
  }
  return out as T;
}
