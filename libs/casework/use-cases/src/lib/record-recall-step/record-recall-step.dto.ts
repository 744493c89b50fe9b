import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RECALL_STEPS } from '@escalation-hub/casework-domain';
import type { RecallStep } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, OptionalText, RequiredInstant } from '../dto-rules';

export class RecordRecallStepDto {
  @ApiProperty({
    enum: RECALL_STEPS,
    description: 'In order: SENT_TO_PPCS, LICENCE_REVOKED, then RETURNED_TO_CUSTODY (perhaps after UNLAWFULLY_AT_LARGE)',
  })
  @IsIn(RECALL_STEPS, oneOf(RECALL_STEPS))
  step!: RecallStep;

  @RequiredInstant('When it happened: not in the future, not before the step it follows (422 HAPPENED_AT_OUT_OF_RANGE)')
  happenedAt!: string;

  @OptionalText(LONG_TEXT, 'Anything the record should say (kept inside the public service)')
  details?: string | null;
}
