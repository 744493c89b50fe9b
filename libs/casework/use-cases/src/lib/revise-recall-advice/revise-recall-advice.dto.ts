import { LONG_TEXT, RequiredText } from '../dto-rules';
import { RecallAdviceTermsDto } from '../draft-recall-advice/draft-recall-advice.dto';

export class ReviseRecallAdviceDto extends RecallAdviceTermsDto {
  @RequiredText(LONG_TEXT, 'What changed since the return, and why')
  note!: string;
}
