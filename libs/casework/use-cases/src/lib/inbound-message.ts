import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { fieldErrors } from './validation.pipe';

/** A message the hub refuses: it goes to the provider's dead-letter topic with this code and reason. */
export class InboundMessageRejected extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'InboundMessageRejected';
  }
}

/** A message's body as the DTO, checked as strictly as over HTTP (unknown fields refused), or VALIDATION_FAILED naming each field. */
export async function validatedMessage<T extends object>(dto: new () => T, body: object): Promise<T> {
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = fieldErrors(errors).map((error) => `${error.field}: ${error.message}`);
    throw new InboundMessageRejected('VALIDATION_FAILED', `The message is not valid: ${fields.join('; ')}`);
  }
  return instance;
}
