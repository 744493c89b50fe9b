import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { RISK_INFORMATION_SOURCES } from '@escalation-hub/casework-domain';
import type { RiskInformationSource } from '@escalation-hub/casework-domain';
import { LONG_TEXT, oneOf, RequiredInstant, RequiredName, RequiredText, SHORT_TEXT } from '../dto-rules';

export class RecordRiskInformationDto {
  @ApiPropertyOptional({ description: 'Your own id for this record, so a resubmission records nothing new (one is made when left out)' })
  @IsOptional()
  @IsString()
  @Matches(/^ri-[A-Za-z0-9._:-]{1,61}$/, { message: 'must start ri- and then 1–61 letters, digits, dots, colons, dashes or underscores' })
  riskInformationId?: string;

  @ApiProperty({ enum: RISK_INFORMATION_SOURCES })
  @IsIn(RISK_INFORMATION_SOURCES, oneOf(RISK_INFORMATION_SOURCES))
  source!: RiskInformationSource;

  @RequiredName(SHORT_TEXT, 'How it came, e.g. a phone call to the victim liaison officer')
  channel!: string;

  @RequiredInstant('When it became known, to whoever first received it (not after now: 422 KNOWN_AT_IN_FUTURE)')
  knownAt!: string;

  @RequiredName(SHORT_TEXT, 'Who received it')
  receivedBy!: string;

  @ApiProperty({
    description: 'What was said includes a threat: due for review within HUB_IMMEDIATE_HOURS (2 h by default), like a victim’s concern',
  })
  @IsBoolean()
  threat!: boolean;

  @RequiredText(LONG_TEXT, 'What was said')
  summary!: string;
}
