import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  ValidateBy,
  ValidateIf,
  IsIn,
  IsInt,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CRN_PATTERN,
  LDU_PATTERN,
  OFFENCE_CATEGORIES,
  PROVIDER_CODE_PATTERN,
  RECORDABLE_SENTENCE_KINDS,
  ROSH_LEVELS,
} from '@escalation-hub/casework-domain';
import type { OffenceCategory, RoshLevel, SentenceKind } from '@escalation-hub/casework-domain';
import { DATE_ONLY, LONG_TEXT, OptionalNameList, OptionalText, SHORT_TEXT, oneOf, RequiredName } from '../dto-rules';

/**
 * A reason is recorded only with the public interest it gives; sent with `exceptionalPublicInterest: false`
 * it would be dropped, so it is refused instead (a blank one is taken as none).
 */
const OnlyWithPublicInterest = () =>
  ValidateBy({
    name: 'onlyWithPublicInterest',
    validator: {
      validate: (reason, given) =>
        typeof reason !== 'string' || reason.trim() === '' || (given?.object as AllocateCaseDto).exceptionalPublicInterest === true,
      defaultMessage: () => 'is given only with exceptionalPublicInterest: true (without it the reason would not be recorded)',
    },
  });

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

  @ApiPropertyOptional({
    enum: RECORDABLE_SENTENCE_KINDS,
    description:
      'The kind of sentence; when left out it is read from `type` (e.g. "Suspended Sentence Order"), and a type it cannot read is refused (422 SENTENCE_KIND_UNKNOWN)',
  })
  @IsOptional()
  @IsIn(RECORDABLE_SENTENCE_KINDS, oneOf(RECORDABLE_SENTENCE_KINDS))
  kind?: SentenceKind;

  @ApiPropertyOptional({
    example: 24,
    minimum: 0,
    maximum: 1200,
    nullable: true,
    description: 'For custody: the term of imprisonment imposed',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1200)
  custodialTermMonths?: number | null;

  @ApiPropertyOptional({ example: '2026-03-02', nullable: true, description: 'The day the sentence was imposed' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  imposedOn?: string | null;

  @OptionalNameList(30, "A community or suspended sentence order's requirements, e.g. Unpaid work (120 hours)")
  requirements?: string[];

  @OptionalNameList(30, "A licence's or post-sentence supervision's conditions, e.g. Not to contact the victim")
  licenceConditions?: string[];
}

/** A required sentence object, validated field by field (allocation and a new sentence alike). */
export const SentenceField = () =>
  applyDecorators(
    ApiProperty({ type: SentenceDto }),
    IsDefined({ message: 'is required' }),
    IsObject(),
    ValidateNested(),
    Type(() => SentenceDto),
  );

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

  @SentenceField()
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

  @ApiProperty({
    description:
      'Keep the case with the public service for an exceptional public-interest reason: only an ACO may, with publicInterestReason',
  })
  @IsBoolean()
  exceptionalPublicInterest!: boolean;

  @OptionalText(LONG_TEXT, 'Required when exceptionalPublicInterest is true (422 PUBLIC_INTEREST_REASON_REQUIRED); refused without it')
  @OnlyWithPublicInterest()
  publicInterestReason?: string | null;
}
