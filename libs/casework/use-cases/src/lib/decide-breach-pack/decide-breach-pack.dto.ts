import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { BREACH_OUTCOMES } from '@escalation-hub/casework-domain';
import type { BreachOutcome } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, RequiredText, SeenRevision } from '../dto-rules';

export class DecideBreachPackDto {
  @ApiProperty({ enum: BREACH_OUTCOMES })
  @IsIn(BREACH_OUTCOMES, oneOf(BREACH_OUTCOMES))
  outcome!: BreachOutcome;

  @RequiredText(LONG_TEXT)
  rationale!: string;

  @SeenRevision()
  seenRevision?: number;
}
