import { LONG_TEXT, RequiredText } from '../dto-rules';

export class WithdrawRecallAdviceDto {
  @RequiredText(LONG_TEXT, 'Why the advice is withdrawn')
  reason!: string;
}
