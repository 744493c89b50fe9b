import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsIn, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { BREACH_RECOMMENDATIONS } from '@escalation-hub/casework-domain';
import type { BreachRecommendation } from '@escalation-hub/casework-domain';
import { SHORT_TEXT, LONG_TEXT, oneOf, RequiredText, RequiredName, RequestId } from '../dto-rules';

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
