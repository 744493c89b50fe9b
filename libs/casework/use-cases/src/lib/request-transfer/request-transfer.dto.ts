import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { LDU_PATTERN, PROVIDER_CODE_PATTERN } from '@escalation-hub/casework-domain';
import { LONG_TEXT, RequiredText } from '../dto-rules';

export class RequestTransferDto {
  @ApiPropertyOptional({ description: 'Your own id for this transfer, so a resubmission records nothing new (one is made when left out)' })
  @IsOptional()
  @IsString()
  @Matches(/^tr-[A-Za-z0-9._:-]{1,61}$/, { message: 'must start tr- and then 1–61 letters, digits, dots, colons, dashes or underscores' })
  transferId?: string;

  @ApiProperty({ example: 'LDU-LDS-S', description: 'The receiving area (LDU)' })
  @IsString()
  @Matches(LDU_PATTERN, { message: 'must be an LDU code such as LDU-MAN-N' })
  toLdu!: string;

  @ApiProperty({
    example: 'CRC11',
    description: "The receiving area's contracted provider (422 UNKNOWN_PROVIDER for one the hub does not know)",
  })
  @IsString()
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code such as CRC07' })
  toProvider!: string;

  @RequiredText(LONG_TEXT, 'Why the case should move, e.g. the person has moved home to the receiving area')
  reason!: string;
}
