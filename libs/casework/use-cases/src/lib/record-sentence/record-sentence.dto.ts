import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { SentenceDto } from '../allocate-case/allocate-case.dto';

export class RecordSentenceDto {
  @ApiProperty({ type: SentenceDto })
  @IsDefined({ message: 'is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => SentenceDto)
  sentence!: SentenceDto;
}
