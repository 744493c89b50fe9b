import { LONG_TEXT, RequiredText } from '../dto-rules';

export class WaiveBreachDto {
  @RequiredText(LONG_TEXT, 'The exceptional reasons for not bringing breach proceedings')
  reason!: string;
}
