import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { MappaDto } from '../allocate-case/allocate-case.dto';

export class RecordMappaChangeDto {
  @ApiProperty({
    type: MappaDto,
    nullable: true,
    description: 'The MAPPA category and level now (category 3 only at level 2 or 3), or null when MAPPA management ended',
  })
  @ValidateIf((dto: RecordMappaChangeDto) => dto.mappa !== null)
  @IsDefined({ message: 'is required: an object, or null when MAPPA management ended' })
  @IsObject()
  @ValidateNested()
  @Type(() => MappaDto)
  mappa!: MappaDto | null;
}
