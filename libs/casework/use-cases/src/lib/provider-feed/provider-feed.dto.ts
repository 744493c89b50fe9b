import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageLimit } from '../dto-rules';

export class FeedQueryDto {
  @ApiPropertyOptional({
    description: 'The cursor from the previous page (p<n>; s<n> from earlier releases still works); omit to start at the beginning',
  })
  @IsOptional()
  @Matches(/^[ps]?\d{1,15}$/, { message: 'must be a cursor returned by an earlier page' })
  after?: string;

  @PageLimit()
  limit?: number;
}
