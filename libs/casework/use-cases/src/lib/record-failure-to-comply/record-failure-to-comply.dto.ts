import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { DATE_ONLY, LONG_TEXT, RequestId, RequiredName, RequiredText, SHORT_TEXT } from '../dto-rules';

export class RecordFailureToComplyDto {
  @RequestId()
  requestId!: string;

  @ApiProperty({ example: '2026-11-02', description: 'The day of the failure, YYYY-MM-DD (not after today: 422 DATE_IN_FUTURE)' })
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  date!: string;

  @RequiredName(SHORT_TEXT, 'The requirement or licence condition not complied with, e.g. Unpaid work')
  requirement!: string;

  @ApiProperty({ description: 'Whether the reason given was acceptable' })
  @IsBoolean()
  acceptable!: boolean;

  @RequiredName(SHORT_TEXT, 'Who judged it acceptable or not')
  judgedBy!: string;

  @RequiredText(LONG_TEXT, 'What happened, and the reason given')
  details!: string;
}
