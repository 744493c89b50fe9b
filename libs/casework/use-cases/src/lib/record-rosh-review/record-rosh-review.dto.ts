import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { ROSH_LEVELS } from '@escalation-hub/casework-domain';
import type { RoshLevel } from '@escalation-hub/casework-domain';
import { DATE_ONLY, oneOf, RequiredName, SHORT_TEXT } from '../dto-rules';

export class RecordRoshReviewDto {
  @ApiProperty({ enum: ROSH_LEVELS, description: 'The risk of serious harm the review found' })
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  level!: RoshLevel;

  @RequiredName(SHORT_TEXT, 'Who assessed, e.g. po.alice')
  assessor!: string;

  @ApiProperty({ example: '2026-11-03', description: 'The day of the assessment' })
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  assessedOn!: string;

  @RequiredName(SHORT_TEXT, "The assessment's reference, e.g. an OASys id")
  assessmentReference!: string;
}
