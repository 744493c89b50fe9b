import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ITEM_ID, LONG_TEXT, RequiredName, RequiredText, SHORT_TEXT } from '../dto-rules';

export class AnswerInformationRequestDto {
  @RequiredText(LONG_TEXT, "The answer to the public service's questions")
  answer!: string;

  @RequiredName(SHORT_TEXT, 'Who at the provider answered, e.g. Jo Bloggs, case manager')
  answeredBy!: string;
}

/** Over Kafka the escalation is named in the body (over HTTP, in the path). */
export class AnswerInformationRequestMessageDto extends AnswerInformationRequestDto {
  @ApiProperty({ description: 'The escalation the questions are about' })
  @IsString()
  @Matches(ITEM_ID, { message: 'must be the id of one of your escalations on this case' })
  escalationId!: string;
}
