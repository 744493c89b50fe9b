import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';

/** Upper bounds on free text: generous for a professional note, small enough to keep events lean. */
export const SHORT_TEXT = 200;
export const LONG_TEXT = 10_000;
export const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
/** A non-blank string: whitespace alone is not a rationale. */
const NON_BLANK = /\S/;

/**
 * Characters no text the hub stores may carry: NUL and the other control characters but tab and line
 * breaks, lone UTF-16 surrogates (not Unicode, so not canonical JSON either) and bidirectional controls
 * (they can make a rationale read differently from what is stored).
 */
const UNSAFE_IN_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A name is one line of visible text: none of the above, no line breaks or tabs, no zero-width characters. */
const UNSAFE_IN_NAME = new RegExp(`${UNSAFE_IN_TEXT.source}|[\\t\\n\\r\\u200B-\\u200D\\u2060\\uFEFF]`);

export const Refusing = (pattern: RegExp, message: string, each = false) =>
  ValidateBy(
    {
      name: 'refusing',
      validator: { validate: (value) => typeof value !== 'string' || !pattern.test(value), defaultMessage: () => message },
    },
    { each },
  );

const UNSAFE_TEXT_MESSAGE =
  'must not contain control characters (other than tab and line breaks), lone surrogates or bidirectional controls';

/** Free text that must say something: required, not blank, at most `maxLength` characters. */
export const RequiredText = (maxLength: number, description?: string) =>
  applyDecorators(
    ApiProperty({ maxLength, ...(description ? { description } : {}) }),
    IsString(),
    Matches(NON_BLANK, { message: 'is required and must not be blank' }),
    MaxLength(maxLength),
    Refusing(UNSAFE_IN_TEXT, UNSAFE_TEXT_MESSAGE),
  );

/** Free text that may be left out (or null): when given, at most `maxLength` characters of safe text. */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength, nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
    Refusing(UNSAFE_IN_TEXT, UNSAFE_TEXT_MESSAGE),
  );

/** A name or label: required, not blank, one line of visible text. */
export const RequiredName = (maxLength: number, description?: string) =>
  applyDecorators(
    RequiredText(maxLength, description),
    Refusing(UNSAFE_IN_NAME, 'must be one line of visible text: no line breaks, tabs, zero-width, bidirectional or control characters'),
  );

/** An optional list of names (requirements, licence conditions): each one line of visible text. */
export const OptionalNameList = (maxItems: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems, description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(NON_BLANK, { each: true, message: 'each must not be blank' }),
    MaxLength(SHORT_TEXT, { each: true }),
    Refusing(
      UNSAFE_IN_NAME,
      'each must be one line of visible text: no line breaks, tabs, zero-width, bidirectional or control characters',
      true,
    ),
  );

/** An optional list of free texts (questions): each required, not blank, safe text. */
export const OptionalTextList = (maxItems: number, maxLength: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems, description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Matches(NON_BLANK, { each: true, message: 'each must not be blank' }),
    MaxLength(maxLength, { each: true }),
    Refusing(UNSAFE_IN_TEXT, `each ${UNSAFE_TEXT_MESSAGE}`, true),
  );

/** An instant with its offset, RFC 3339 (e.g. 2026-12-01T09:30:00Z), that is a real date and time. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
function isInstant(value: unknown): boolean {
  const parts = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!parts) return false;
  const [, year, month, day, hour, minute] = parts.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && !Number.isNaN(Date.parse(value as string))
  );
}

const IsInstant = () =>
  ValidateBy({
    name: 'instant',
    validator: { validate: isInstant, defaultMessage: () => 'must be a real date and time with its offset, e.g. 2026-12-01T09:30:00Z' },
  });

/** A required instant. */
export const RequiredInstant = (description: string) =>
  applyDecorators(ApiProperty({ type: String, format: 'date-time', description }), IsInstant());

/** An optional instant: when left out (or null), unknown. */
export const OptionalInstant = (description: string) =>
  applyDecorators(ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description }), IsOptional(), IsInstant());

/** A calendar date, YYYY-MM-DD. */
export const DATE_ONLY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The id of an item of a case, as the hub gave it out. */
export const ITEM_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The sender's own id for a request, echoed back on retries. */
export const RequestId = () =>
  applyDecorators(
    ApiProperty({
      description: "The sender's own unique id for this request; a retry with the same id and body returns the original result",
    }),
    IsString(),
    Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'must be 1–128 letters, digits, dots, colons, dashes or underscores' }),
  );

/** The case's revision the decider had in front of them (the `revision` of the case view they read). */
export const SeenRevision = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: Number,
      minimum: 0,
      nullable: true,
      description:
        "The case's revision you decided on (the revision of GET /v1/cases/{crn} you read): recorded with the decision, so what came after is visible (422 SEEN_REVISION_UNKNOWN for a revision not yet recorded)",
    }),
    IsOptional(),
    IsInt(),
    Min(0),
  );

/** How many items a page skips: 0 (the first page) when omitted. */
export const PageOffset = () =>
  applyDecorators(
    ApiPropertyOptional({ default: 0, minimum: 0, description: 'How many items to skip: with limit, one page of the same order' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(1_000_000),
  );

/** A page size: 1 to 1,000, 100 when omitted. */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({ default: 100, maximum: 1000 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(1000),
  );
