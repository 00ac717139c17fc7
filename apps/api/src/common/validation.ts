import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { createZodValidationPipe, ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';

export interface FieldIssue { field: string; message: string }

/** Flattens nested class-validator errors into `field.path: message` so the field is named. */
function describe(errors: ValidationError[], parent = ''): FieldIssue[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({ field, message: m.startsWith(e.property) ? m.replace(e.property, field) : `${field}: ${m}` }));
    return [...own, ...describe(e.children ?? [], field)];
  });
}

/** A zod error as the same `{ field, message }` issues the class-validator pipe answers. */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((i) => {
    // An unknown key is named by its own path (`child.address`), one issue per key.
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => {
        const field = [...i.path.map(String), key].join('.');
        return { field, message: `${field}: unknown property` };
      });
    }
    const field = i.path.map(String).join('.') || 'body';
    return [{ field, message: `${field}: ${i.message}` }];
  });
}

export function badRequestFrom(issues: FieldIssue[]): BadRequestException {
  return new BadRequestException({ message: issues.map((i) => i.message), issues });
}

/** Validates routes whose DTO is built with `createZodDto` (the contracts in libs/domain/src/http). */
export const ZodPipe = createZodValidationPipe({
  createValidationException: (error) => badRequestFrom(error instanceof ZodError ? zodIssues(error) : [{ field: 'body', message: 'body: invalid' }]),
});

/** class-validator DTOs not yet moved to zod; skips zod DTOs, which ZodPipe validates. */
class ClassValidatorPipe extends ValidationPipe {
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    const zodDto = (metadata.metatype as { isZodDto?: boolean } | undefined)?.isZodDto === true;
    return !zodDto && super.toValidate(metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ClassValidatorPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => badRequestFrom(describe(errors)),
  });
}

export { ZodValidationException };
