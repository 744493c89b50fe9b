import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { FIXED_TERM_EXCLUSIONS, RECALL_TYPES } from '@escalation-hub/casework-domain';
import type { FixedTermExclusion, RecallType } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, OptionalText, RequiredText, ITEM_ID } from '../dto-rules';

/** Why a recall is standard rather than the fixed-term one a standard determinate sentence usually gets. */
export class FixedTermExclusionDto {
  @ApiProperty({ enum: FIXED_TERM_EXCLUSIONS })
  @IsIn(FIXED_TERM_EXCLUSIONS, oneOf(FIXED_TERM_EXCLUSIONS))
  reason!: FixedTermExclusion;

  @OptionalText(LONG_TEXT, 'Required for CHARGED_WITH_FURTHER_OFFENCE, RISK_OF_SERIOUS_HARM and OTHER')
  details?: string | null;
}

/** The parts of recall advice its author writes, drafted or revised. */
export class RecallAdviceTermsDto {
  @ApiProperty({ enum: RECALL_TYPES, description: 'Extended and indeterminate sentences: STANDARD only' })
  @IsIn(RECALL_TYPES, oneOf(RECALL_TYPES))
  recallType!: RecallType;

  @ApiProperty({ description: 'Emergency advice is due within HUB_EMERGENCY_RECALL_HOURS (2 h by default), any day, any hour' })
  @IsBoolean()
  emergency!: boolean;

  @RequiredText(LONG_TEXT)
  rationale!: string;

  @ApiPropertyOptional({
    type: FixedTermExclusionDto,
    nullable: true,
    description:
      'With a STANDARD recall of a standard determinate sentence: why not fixed-term (MAPPA level 2 or 3 is checked against the case, and recorded when left out)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FixedTermExclusionDto)
  fixedTermExclusion?: FixedTermExclusionDto | null;
}

export class DraftRecallAdviceDto extends RecallAdviceTermsDto {
  @ApiPropertyOptional({ description: 'Your own id for this advice, so a resubmission records nothing new (one is made when left out)' })
  @IsOptional()
  @IsString()
  @Matches(/^ra-[A-Za-z0-9._:-]{1,61}$/, { message: 'must start ra- and then 1–61 letters, digits, dots, colons, dashes or underscores' })
  recallAdviceId?: string;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Ids of escalations, breach packs or risk information of this case the advice rests on (may be empty)',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'must not repeat an id' })
  @Matches(ITEM_ID, { each: true, message: 'each must be the id of an escalation, breach pack or risk information of this case' })
  basedOn!: string[];
}
