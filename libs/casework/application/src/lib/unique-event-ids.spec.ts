import { nameBasedUuid, uniqueEventIdOf } from './unique-event-ids';
import type { CaseEvent } from '@escalation-hub/casework-domain';

describe('store-wide unique event ids', () => {
  it('computes RFC 9562 version 5 UUIDs (the RFC’s own example)', () => {
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  const request = (type: 'escalation.requested' | 'breach-pack.submitted', provider: string, requestId: string) =>
    ({
      type,
      actor: { id: 'x', role: 'provider', provider },
      occurredAt: '2026-12-05T00:00:00.000Z',
      data: { requestId },
    }) as unknown as CaseEvent;

  it('gives one id to a provider request whatever its kind, another to another provider or requestId', () => {
    const id = uniqueEventIdOf(request('escalation.requested', 'CRC07', 'r-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uniqueEventIdOf(request('breach-pack.submitted', 'CRC07', 'r-1'))).toBe(id);
    expect(uniqueEventIdOf(request('escalation.requested', 'CRC11', 'r-1'))).not.toBe(id);
    expect(uniqueEventIdOf(request('escalation.requested', 'CRC07', 'r-2'))).not.toBe(id);
  });

  it('derives a drafted recall advice’s id from the advice id, and leaves other events random', () => {
    const drafted = { type: 'recall-advice.drafted', data: { recallAdviceId: 'ra-1' } } as unknown as CaseEvent;
    expect(uniqueEventIdOf(drafted)).toBe(nameBasedUuid('item\nra-1'));
    expect(uniqueEventIdOf({ type: 'item.claimed', data: { itemId: 'ra-1' } } as unknown as CaseEvent)).toBeUndefined();
  });

  it('puts the ids of every item staff open in one space: a transfer or risk information cannot take a recall advice’s id', () => {
    const transfer = { type: 'transfer.requested', data: { transferId: 'tr-1' } } as unknown as CaseEvent;
    const information = { type: 'risk-information.recorded', data: { riskInformationId: 'ri-1' } } as unknown as CaseEvent;
    expect(uniqueEventIdOf(transfer)).toBe(nameBasedUuid('item\ntr-1'));
    expect(uniqueEventIdOf(information)).toBe(nameBasedUuid('item\nri-1'));
    const sameIdAsAdvice = { type: 'transfer.requested', data: { transferId: 'ra-1' } } as unknown as CaseEvent;
    expect(uniqueEventIdOf(sameIdAsAdvice)).toBe(nameBasedUuid('item\nra-1'));
  });
});
