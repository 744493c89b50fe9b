import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AWAITING_SIDES, PROVIDER_CODE_PATTERN, QUEUE_ITEM_KINDS } from '@escalation-hub/casework-domain';
import type { AwaitingSide, QueueItemKind } from '@escalation-hub/casework-domain';
import { oneOf, PageLimit, PageOffset } from '../dto-rules';

export class QueueQueryDto {
  @ApiPropertyOptional({ enum: QUEUE_ITEM_KINDS })
  @IsOptional()
  @IsIn(QUEUE_ITEM_KINDS, oneOf(QUEUE_ITEM_KINDS))
  kind?: QueueItemKind;

  // Not LDU_PATTERN: cases allocated before it may carry other LDU codes, and must stay findable.
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ldu?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code such as CRC07' })
  provider?: string;

  @ApiPropertyOptional({
    enum: AWAITING_SIDES,
    default: 'PUBLIC_SERVICE',
    description:
      "PROVIDER lists the escalations waiting on a provider's answer instead of the queue itself, each due (and overdue) by when the answer is due",
  })
  @IsOptional()
  @IsIn(AWAITING_SIDES, oneOf(AWAITING_SIDES))
  awaiting?: AwaitingSide;

  @PageLimit()
  limit?: number;

  @PageOffset()
  offset?: number;
}
