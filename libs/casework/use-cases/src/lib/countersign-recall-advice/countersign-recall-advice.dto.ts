import { LONG_TEXT, RequiredText } from '../dto-rules';

export class CountersignDto {
  @RequiredText(LONG_TEXT, 'The countersigner’s comment: required, not blank')
  rationale!: string;
}
