import { SentenceDto, SentenceField } from '../allocate-case/allocate-case.dto';

export class RecordSentenceDto {
  @SentenceField()
  sentence!: SentenceDto;
}
