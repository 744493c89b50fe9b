import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, Matches } from 'class-validator';
import { RECALL_TYPES } from '@escalation-hub/casework-domain';
import type { RecallType } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, RequiredText, ITEM_ID } from '../dto-rules';

export class DraftRecallAdviceDto {
  @ApiProperty({ enum: RECALL_TYPES })
  @IsIn(RECALL_TYPES, oneOf(RECALL_TYPES))
  recallType!: RecallType;

  @ApiProperty()
  @IsBoolean()
  emergency!: boolean;

  @RequiredText(LONG_TEXT)
  rationale!: string;

  @ApiProperty({ type: String, isArray: true, description: 'Ids of escalations or breach packs of this case' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'must not repeat an id' })
  @Matches(ITEM_ID, { each: true, message: 'each must be the id of an escalation or breach pack of this case' })
  basedOn!: string[];
}
