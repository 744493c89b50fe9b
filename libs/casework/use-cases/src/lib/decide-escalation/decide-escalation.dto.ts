import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ESCALATION_OUTCOMES, ROSH_LEVELS } from '@escalation-hub/casework-domain';
import type { EscalationOutcome, RoshLevel } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, OptionalText, OptionalTextList, RequiredText, SeenRevision } from '../dto-rules';

export class DecideEscalationDto {
  @ApiProperty({ enum: ESCALATION_OUTCOMES })
  @IsIn(ESCALATION_OUTCOMES, oneOf(ESCALATION_OUTCOMES))
  outcome!: EscalationOutcome;

  @RequiredText(LONG_TEXT, 'Why: required, not blank')
  rationale!: string;

  @OptionalText(LONG_TEXT)
  advice?: string;

  @ApiPropertyOptional({ enum: ROSH_LEVELS })
  @IsOptional()
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  revisedRosh?: RoshLevel;

  @OptionalText(
    LONG_TEXT,
    "Required to keep the case with its provider at HIGH or VERY_HIGH RoSH: the SPO's (or ACO's) reason, which countersigns it (422 HIGH_RISK_RETENTION_NEEDS_SPO otherwise)",
  )
  highRiskRetentionReason?: string;

  @OptionalTextList(
    20,
    LONG_TEXT,
    'With MORE_INFORMATION_REQUIRED: the questions for the provider (the rationale is asked when none are given). The escalation stays open until the provider answers.',
  )
  questions?: string[];

  @SeenRevision()
  seenRevision?: number;
}
