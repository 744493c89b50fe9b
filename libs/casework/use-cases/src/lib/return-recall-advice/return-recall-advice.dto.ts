import { LONG_TEXT, RequiredText } from '../dto-rules';

export class ReturnRecallAdviceDto {
  @RequiredText(LONG_TEXT, 'What the author must change, or why the advice should not go out as it stands')
  reason!: string;
}
