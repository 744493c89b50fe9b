import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { CLOSURE_REASONS } from '@escalation-hub/casework-domain';
import type { ClosureReason } from '@escalation-hub/casework-domain';
import { DATE_ONLY, LONG_TEXT, oneOf, OptionalText } from '../dto-rules';

export class CloseCaseDto {
  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS, oneOf(CLOSURE_REASONS))
  reason!: ClosureReason;

  @OptionalText(LONG_TEXT, 'Why, in words: required for OTHER (422 CLOSURE_DETAILS_REQUIRED)')
  details?: string | null;

  @ApiProperty({ example: '2026-11-03', description: 'The day supervision ended, not after today: the retention clock starts then' })
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  closedOn!: string;
}
