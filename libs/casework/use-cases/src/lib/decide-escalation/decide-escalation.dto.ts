import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ESCALATION_OUTCOMES, ROSH_LEVELS } from '@escalation-hub/casework-domain';
import type { EscalationOutcome, RoshLevel } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, Refusing, RequiredText, UNSAFE_IN_TEXT } from '../dto-rules';

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

  @ApiPropertyOptional({
    maxLength: LONG_TEXT,
    description:
      'Required to keep the case with its provider at HIGH or VERY_HIGH RoSH: the SPO\'s (or ACO\'s) reason, which countersigns it (422 HIGH_RISK_RETENTION_NEEDS_SPO otherwise)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  @Refusing(
    UNSAFE_IN_TEXT,
    'must not contain control characters (other than tab and line breaks), lone surrogates or bidirectional controls',
  )
  highRiskRetentionReason?: string;
}
