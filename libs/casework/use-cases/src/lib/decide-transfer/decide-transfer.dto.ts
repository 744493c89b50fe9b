import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { TRANSFER_OUTCOMES } from '@escalation-hub/casework-domain';
import type { TransferOutcome } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, RequiredText, SeenRevision } from '../dto-rules';

export class DecideTransferDto {
  @ApiProperty({ enum: TRANSFER_OUTCOMES })
  @IsIn(TRANSFER_OUTCOMES, oneOf(TRANSFER_OUTCOMES))
  outcome!: TransferOutcome;

  @RequiredText(LONG_TEXT, 'Why: required, not blank, for a refusal as for an acceptance')
  rationale!: string;

  @SeenRevision()
  seenRevision?: number;
}
