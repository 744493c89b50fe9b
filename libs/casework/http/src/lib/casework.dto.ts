import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  ValidateIf,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  BREACH_OUTCOMES,
  BREACH_RECOMMENDATIONS,
  CRN_PATTERN,
  ESCALATION_OUTCOMES,
  LDU_PATTERN,
  ESCALATION_TRIGGERS,
  OFFENCE_CATEGORIES,
  PROVIDER_CODE_PATTERN,
  QUEUE_ITEM_KINDS,
  RECALL_TYPES,
  ROSH_LEVELS,
  URGENCIES,
} from '@escalation-hub/casework-domain';
import type {
  BreachOutcome,
  BreachRecommendation,
  EscalationOutcome,
  EscalationTrigger,
  OffenceCategory,
  QueueItemKind,
  RecallType,
  RoshLevel,
  Urgency,
} from '@escalation-hub/casework-domain';

/** Upper bounds on free text: generous for a professional note, small enough to keep events lean. */
const SHORT_TEXT = 200;
const LONG_TEXT = 10_000;
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
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

const Refusing = (pattern: RegExp, message: string) =>
  ValidateBy({
    name: 'refusing',
    validator: { validate: (value) => typeof value !== 'string' || !pattern.test(value), defaultMessage: () => message },
  });

/** Free text that must say something: required, not blank, at most `maxLength` characters. */
const RequiredText = (maxLength: number, description?: string) =>
  applyDecorators(
    ApiProperty({ maxLength, ...(description ? { description } : {}) }),
    IsString(),
    Matches(NON_BLANK, { message: 'is required and must not be blank' }),
    MaxLength(maxLength),
    Refusing(
      UNSAFE_IN_TEXT,
      'must not contain control characters (other than tab and line breaks), lone surrogates or bidirectional controls',
    ),
  );

/** A name or label: required, not blank, one line of visible text. */
const RequiredName = (maxLength: number, description?: string) =>
  applyDecorators(
    RequiredText(maxLength, description),
    Refusing(UNSAFE_IN_NAME, 'must be one line of visible text: no line breaks, tabs, zero-width, bidirectional or control characters'),
  );

/** The id of an item of a case, as the hub gave it out. */
const ITEM_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The sender's own id for a request, echoed back on retries. */
const RequestId = () =>
  applyDecorators(
    ApiProperty({
      description: "The sender's own unique id for this request; a retry with the same id and body returns the original result",
    }),
    IsString(),
    Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'must be 1–128 letters, digits, dots, colons, dashes or underscores' }),
  );

/** A page size: 1 to 1,000, 100 when omitted. */
const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({ default: 100, maximum: 1000 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(1000),
  );

export class SentenceDto {
  @RequiredName(SHORT_TEXT, 'e.g. Community Order')
  type!: string;

  @ApiProperty({ example: 18, minimum: 0, maximum: 1200 })
  @IsInt()
  @Min(0)
  @Max(1200)
  lengthMonths!: number;

  @ApiProperty({ enum: OFFENCE_CATEGORIES })
  @IsIn(OFFENCE_CATEGORIES, oneOf(OFFENCE_CATEGORIES))
  offenceCategory!: OffenceCategory;
}

export class MappaDto {
  @ApiProperty({ enum: [1, 2, 3] })
  @IsIn([1, 2, 3], oneOf(['1', '2', '3']))
  category!: 1 | 2 | 3;

  @ApiProperty({ enum: [1, 2, 3] })
  @IsIn([1, 2, 3], oneOf(['1', '2', '3']))
  level!: 1 | 2 | 3;
}

export class AllocateCaseDto {
  @ApiProperty({ example: 'X123456', pattern: CRN_PATTERN.source })
  @Matches(CRN_PATTERN, { message: 'must be a letter followed by six digits, e.g. X123456' })
  crn!: string;

  @ApiProperty({ example: 'LDU-MAN-N', pattern: LDU_PATTERN.source })
  @Matches(LDU_PATTERN, { message: 'must be a local delivery unit code: capital letters, digits and dashes, e.g. LDU-MAN-N' })
  ldu!: string;

  @ApiProperty({ example: 'CRC07', description: 'The contracted provider for the area' })
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code such as CRC07' })
  provider!: string;

  @ApiProperty({ type: SentenceDto })
  @IsDefined({ message: 'is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => SentenceDto)
  sentence!: SentenceDto;

  @ApiProperty({ enum: ROSH_LEVELS })
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  rosh!: RoshLevel;

  @ApiProperty({ type: MappaDto, nullable: true, description: 'MAPPA category and level, or null when not managed under MAPPA' })
  @ValidateIf((dto: AllocateCaseDto) => dto.mappa !== null)
  @IsDefined({ message: 'is required: an object, or null when not managed under MAPPA' })
  @IsObject()
  @ValidateNested()
  @Type(() => MappaDto)
  mappa!: MappaDto | null;

  @ApiProperty()
  @IsBoolean()
  exceptionalPublicInterest!: boolean;
}

export class RequestEscalationDto {
  @ApiProperty({
    description: "The sender's own unique id for this request; a retry with the same id and body returns the original result",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'must be 1–128 letters, digits, dots, colons, dashes or underscores' })
  requestId!: string;

  @RequiredName(SHORT_TEXT, 'Who at the provider raised it, e.g. Jo Bloggs, case manager')
  raisedBy!: string;

  @ApiProperty({ enum: ROSH_LEVELS })
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  proposedRosh!: RoshLevel;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES, oneOf(URGENCIES))
  urgency!: Urgency;

  @ApiProperty({ enum: ESCALATION_TRIGGERS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ESCALATION_TRIGGERS.length)
  @ArrayUnique({ message: 'must not repeat a trigger' })
  @IsIn(ESCALATION_TRIGGERS, { each: true, ...oneOf(ESCALATION_TRIGGERS) })
  triggers!: EscalationTrigger[];

  @RequiredText(LONG_TEXT)
  summary!: string;
}

export class BreachFailureDto {
  @ApiProperty({ example: '2026-10-01' })
  @IsISO8601({ strict: true })
  date!: string;

  @RequiredText(2000)
  description!: string;
}

export class SubmitBreachPackDto {
  @RequestId()
  requestId!: string;

  @RequiredName(SHORT_TEXT, 'The requirement breached, e.g. Unpaid work')
  requirement!: string;

  @ApiProperty({ type: BreachFailureDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'each failure must be an object with a date and a description' })
  @ValidateNested({ each: true })
  @Type(() => BreachFailureDto)
  failures!: BreachFailureDto[];

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(100)
  warningsIssued!: number;

  @ApiProperty({ enum: BREACH_RECOMMENDATIONS })
  @IsIn(BREACH_RECOMMENDATIONS, oneOf(BREACH_RECOMMENDATIONS))
  providerRecommendation!: BreachRecommendation;

  @RequiredText(LONG_TEXT)
  summary!: string;
}

export class DecideEscalationDto {
  @ApiProperty({ enum: ESCALATION_OUTCOMES })
  @IsIn(ESCALATION_OUTCOMES, oneOf(ESCALATION_OUTCOMES))
  outcome!: EscalationOutcome;

  @RequiredText(LONG_TEXT, 'Why: required, not blank')
  rationale!: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  @Refusing(
    UNSAFE_IN_TEXT,
    'must not contain control characters (other than tab and line breaks), lone surrogates or bidirectional controls',
  )
  advice?: string;

  @ApiPropertyOptional({ enum: ROSH_LEVELS })
  @IsOptional()
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  revisedRosh?: RoshLevel;
}

export class DecideBreachPackDto {
  @ApiProperty({ enum: BREACH_OUTCOMES })
  @IsIn(BREACH_OUTCOMES, oneOf(BREACH_OUTCOMES))
  outcome!: BreachOutcome;

  @RequiredText(LONG_TEXT)
  rationale!: string;
}

export class DraftRecallAdviceDto {
  @ApiProperty({ enum: RECALL_TYPES })
  @IsIn(RECALL_TYPES, oneOf(RECALL_TYPES))
  recallType!: RecallType;

  @ApiProperty()
  @IsBoolean()
  emergency!: boolean;

  @RequiredText(LONG_TEXT)
  rationale!: string;

  @ApiProperty({ type: String, isArray: true, description: 'Ids of escalations or breach packs of this case' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'must not repeat an id' })
  @Matches(ITEM_ID, { each: true, message: 'each must be the id of an escalation or breach pack of this case' })
  basedOn!: string[];
}

export class CountersignDto {
  @RequiredText(LONG_TEXT, 'The countersigner’s comment: required, not blank')
  rationale!: string;
}

export class QueueQueryDto {
  @ApiPropertyOptional({ enum: QUEUE_ITEM_KINDS })
  @IsOptional()
  @IsIn(QUEUE_ITEM_KINDS, oneOf(QUEUE_ITEM_KINDS))
  kind?: QueueItemKind;

  // Not LDU_PATTERN: cases allocated before it may carry other LDU codes, and must stay findable.
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ldu?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code such as CRC07' })
  provider?: string;

  @PageLimit()
  limit?: number;
}

export class FeedQueryDto {
  @ApiPropertyOptional({
    description: 'The cursor from the previous page (p<n>; s<n> from earlier releases still works); omit to start at the beginning',
  })
  @IsOptional()
  @Matches(/^[ps]?\d{1,15}$/, { message: 'must be a cursor returned by an earlier page' })
  after?: string;

  @PageLimit()
  limit?: number;
}
