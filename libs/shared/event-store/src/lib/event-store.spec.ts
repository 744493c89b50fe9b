import { eventStore } from './event-store';

describe('eventStore', () => {
  it('should work', () => {
    expect(eventStore()).toEqual('event-store');
  });
});
