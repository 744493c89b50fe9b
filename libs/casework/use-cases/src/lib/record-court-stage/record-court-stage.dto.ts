import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { COURT_OUTCOMES, COURT_STAGES } from '@escalation-hub/casework-domain';
import type { CourtOutcome, CourtStage } from '@escalation-hub/casework-domain';
import { DATE_ONLY, LONG_TEXT, oneOf, OptionalText } from '../dto-rules';

export class RecordCourtStageDto {
  @ApiProperty({ enum: COURT_STAGES, description: 'In order: LAID, LISTED, OUTCOME (409 COURT_STAGE_OUT_OF_ORDER)' })
  @IsIn(COURT_STAGES, oneOf(COURT_STAGES))
  stage!: CourtStage;

  @ApiProperty({ example: '2026-11-20', description: 'The day, YYYY-MM-DD: not after today, not before the stage it follows' })
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  on!: string;

  @ApiPropertyOptional({ enum: COURT_OUTCOMES, nullable: true, description: 'What the court did: with the OUTCOME stage only' })
  @IsOptional()
  @IsIn(COURT_OUTCOMES, oneOf(COURT_OUTCOMES))
  outcome?: CourtOutcome | null;

  @OptionalText(LONG_TEXT, 'Anything else the record should say (kept inside the public service)')
  details?: string | null;
}
