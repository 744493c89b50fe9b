import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { problem } from '@escalation-hub/platform';

/** Field errors as `[{ field, message }]`, with nested paths such as `sentence.lengthMonths`. */
export function fieldErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Strict input: unknown fields, wrong types and out-of-range values are a 400 that names each field. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(problem(400, 'The request is not valid', { errors: fieldErrors(errors) })),
  });
}
