import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsObject,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { BREACH_RECOMMENDATIONS } from '@escalation-hub/casework-domain';
import type { BreachRecommendation } from '@escalation-hub/casework-domain';
import { ITEM_ID, SHORT_TEXT, LONG_TEXT, oneOf, RequiredText, RequiredName, RequestId } from '../dto-rules';

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

  @ApiProperty({
    type: String,
    isArray: true,
    required: false,
    description: 'Ids of the failures to comply you recorded that this pack cites (422 UNKNOWN_FAILURE otherwise)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'must not repeat an id' })
  @Matches(ITEM_ID, { each: true, message: 'each must be the id of a failure to comply recorded on this case' })
  failureIds?: string[];
}
