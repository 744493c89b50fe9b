import { LONG_TEXT, RequiredText } from '../dto-rules';

export class RecordPublicInterestDto {
  @RequiredText(LONG_TEXT, 'Why the public interest calls for the public service to manage the case, e.g. a very high profile case')
  reason!: string;
}
