import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RISK_REVIEW_OUTCOMES } from '@escalation-hub/casework-domain';
import type { RiskReviewOutcome } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, RequiredText, SeenRevision } from '../dto-rules';

export class ReviewRiskInformationDto {
  @ApiProperty({ enum: RISK_REVIEW_OUTCOMES })
  @IsIn(RISK_REVIEW_OUTCOMES, oneOf(RISK_REVIEW_OUTCOMES))
  outcome!: RiskReviewOutcome;

  @RequiredText(LONG_TEXT, 'Why: required, not blank')
  rationale!: string;

  @SeenRevision()
  seenRevision?: number;
}
