import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, Matches } from 'class-validator';
import { DATE_ONLY, ITEM_ID, LONG_TEXT, RequestId, RequiredName, RequiredText, SHORT_TEXT } from '../dto-rules';

export class RecordWarningDto {
  @RequestId()
  requestId!: string;

  @ApiProperty({ example: '2026-10-02', description: 'The day it was given, YYYY-MM-DD (not after today)' })
  @Matches(DATE_ONLY, { message: 'must be a date, YYYY-MM-DD' })
  issuedOn!: string;

  @ApiProperty({ type: String, isArray: true, description: 'The recorded failures to comply it is for' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'must not repeat an id' })
  @Matches(ITEM_ID, { each: true, message: 'each must be the id of a failure to comply recorded on this case' })
  failureIds!: string[];

  @RequiredName(SHORT_TEXT, 'Who gave it')
  issuedBy!: string;

  @RequiredText(LONG_TEXT, 'How it was given, and what was said')
  details!: string;
}
