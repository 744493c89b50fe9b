import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PROVIDER_CODE_PATTERN } from '@escalation-hub/casework-domain';
import { RequiredName, SHORT_TEXT } from '../dto-rules';

export class ReferToInterventionDto {
  @ApiProperty({ example: 'CRC07', description: 'The provider delivering the intervention' })
  @Matches(PROVIDER_CODE_PATTERN, { message: 'must be a provider code, e.g. CRC07' })
  provider!: string;

  @RequiredName(SHORT_TEXT, 'The intervention, e.g. Thinking skills group')
  intervention!: string;
}
