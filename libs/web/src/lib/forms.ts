import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';

/** What a form field must say when it is wrong: GOV.UK asks for the missing thing, or names the limit. */
export interface FieldWording {
  /** Shown when the field is empty or blank. */
  readonly missing: string;
  /** Shown when it has a value the rules refuse (too long, not an option offered). */
  readonly invalid: string;
}

export type FieldErrors = Record<string, string>;

/** The posted form (URL-encoded); repeated fields (checkboxes) arrive as arrays. */
export function formOf(request: Request): Record<string, unknown> {
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/**
 * Fields of a posted form that its page never sends (the CSRF token is always expected). Refused like
 * the API refuses unknown JSON fields: a field nobody reads is either a mistake or a probe.
 */
export function unexpectedFields(form: Record<string, unknown>, fields: readonly string[]): string[] {
  return Object.keys(form).filter((field) => field !== 'csrf' && !fields.includes(field));
}

/**
 * One text value of a form field or query parameter, or '' (a value sent twice where one was expected
 * is read as its first; anything that is not text, as from a JSON body, as nothing).
 */
export function textOf(values: Record<string, unknown>, field: string): string {
  const value = values[field];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A query string as text only: `?a=1&a=2` (an array to Express) reads as its first value, like a form field. */
export function textQuery(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.keys(query).map((key) => [key, textOf(query, key)]));
}

/** Every text value of a field sent once or more (checkboxes). */
export function listOf(values: Record<string, unknown>, field: string): string[] {
  const value = values[field];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/**
 * Checks a form's values against the same DTO the JSON API validates with, so a person and a system
 * meet the same rules; each failing field gets the page's own words for it.
 */
export async function checkForm<T extends object>(
  dto: new () => T,
  values: Record<string, unknown>,
  wording: Record<string, FieldWording>,
): Promise<{ value: T; errors: FieldErrors }> {
  const value = plainToInstance(dto, values);
  const failures = await validate(value, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } });
  const errors: FieldErrors = {};
  for (const failure of failures) {
    const words = wording[failure.property];
    const given = values[failure.property];
    const empty =
      given === undefined ||
      given === null ||
      (typeof given === 'string' && given.trim() === '') ||
      (Array.isArray(given) && given.length === 0);
    errors[failure.property] = words ? (empty ? words.missing : words.invalid) : `${failure.property} is not valid`;
  }
  return { value, errors };
}

/** The GOV.UK error summary's list: each message linking to its field, in the order the fields appear. */
export function errorList(errors: FieldErrors, order: readonly string[]): { text: string; href: string }[] {
  const fields = [...order.filter((field) => errors[field]), ...Object.keys(errors).filter((field) => !order.includes(field))];
  return fields.map((field) => ({ text: errors[field], href: `#${field}` }));
}
