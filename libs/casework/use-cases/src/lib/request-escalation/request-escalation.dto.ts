import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Matches } from 'class-validator';
import { ESCALATION_TRIGGERS, ROSH_LEVELS, URGENCIES } from '@escalation-hub/casework-domain';
import type { EscalationTrigger, RoshLevel, Urgency } from '@escalation-hub/casework-domain';
import { SHORT_TEXT, LONG_TEXT, oneOf, OptionalInstant, RequiredText, RequiredName } from '../dto-rules';

export class RequestEscalationDto {
  @ApiProperty({
    description: "The sender's own unique id for this request; a retry with the same id and body returns the original result",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'must be 1–128 letters, digits, dots, colons, dashes or underscores' })
  requestId!: string;

  @RequiredName(SHORT_TEXT, 'Who at the provider raised it, e.g. Jo Bloggs, case manager')
  raisedBy!: string;

  @ApiProperty({ enum: ROSH_LEVELS })
  @IsIn(ROSH_LEVELS, oneOf(ROSH_LEVELS))
  proposedRosh!: RoshLevel;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES, oneOf(URGENCIES))
  urgency!: Urgency;

  @ApiProperty({ enum: ESCALATION_TRIGGERS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ESCALATION_TRIGGERS.length)
  @ArrayUnique({ message: 'must not repeat a trigger' })
  @IsIn(ESCALATION_TRIGGERS, { each: true, ...oneOf(ESCALATION_TRIGGERS) })
  triggers!: EscalationTrigger[];

  @RequiredText(LONG_TEXT)
  summary!: string;

  @OptionalInstant(
    'When the provider first knew what it escalates (not after now): the time before it escalated is shown beside the public service’s (422 PROVIDER_KNEW_AT_IN_FUTURE otherwise)',
  )
  providerKnewAt?: string | null;
}
