import { z } from 'zod';
import { createZodDto, nullableAsOpenApi30 } from './zod-dto';

describe('createZodDto (OpenAPI 3.0 nullable form)', () => {
  it('rewrites type lists with null, at any depth, and leaves the rest', () => {
    expect(nullableAsOpenApi30({ type: ['string', 'null'], description: 'd', 'x-nestjs_zod-empty-type': true }))
      .toEqual({ type: 'string', nullable: true, description: 'd' });
    expect(nullableAsOpenApi30({ type: 'object', properties: { a: { type: ['integer', 'null'] }, b: { type: 'array', items: { type: ['string', 'null'] } } } }))
      .toEqual({ type: 'object', properties: { a: { type: 'integer', nullable: true }, b: { type: 'array', items: { type: 'string', nullable: true } } } });
    expect(nullableAsOpenApi30({ type: ['string', 'number'] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] });
    expect(nullableAsOpenApi30({ enum: ['string', 'null'], example: ['a', null] })).toEqual({ enum: ['string', 'null'], example: ['a', null] });
  });

  it("hands swagger a DTO's own nullable field as a nullable string (input and Output), and still validates", () => {
    class PageDto extends createZodDto(z.object({ items: z.array(z.string()), nextCursor: z.string().nullable() })) {}
    const props = (PageDto as unknown as { _OPENAPI_METADATA_FACTORY(): Record<string, Record<string, unknown>> })._OPENAPI_METADATA_FACTORY();
    expect(props.nextCursor).toMatchObject({ type: 'string', nullable: true, required: true });
    const output = (PageDto as unknown as { Output: { name: string; _OPENAPI_METADATA_FACTORY(): Record<string, Record<string, unknown>> } }).Output;
    expect(output.name).toBe('PageDto_Output');
    expect(output._OPENAPI_METADATA_FACTORY().nextCursor).toMatchObject({ type: 'string', nullable: true });
    expect(PageDto.create({ items: [], nextCursor: null })).toEqual({ items: [], nextCursor: null });
    expect(() => PageDto.create({ items: [], nextCursor: 3 })).toThrow();
  });
});
