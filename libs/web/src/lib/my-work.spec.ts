import { isOpen, replay } from '@escalation-hub/casework-domain';
import type { CaseCommand } from '@escalation-hub/casework-domain';
import {
  actors,
  allocateCommand,
  allocateLicenceCase,
  claimItem,
  countersignRecallAdvice,
  draftRecallAdvice,
  history,
  hoursLater,
  onCase,
  recordFailureToComply,
  recordRiskInformation,
  recordWarning,
  acknowledgeRiskInformation,
  requestEscalation,
  returnRecallAdvice,
} from '@escalation-hub/casework-domain/testing';
import { WorkCandidate, workSections } from './my-work';

/** Every open item of the cases these histories make, as the queue would offer them at `now`. */
function candidates(now: Date, ...cases: CaseCommand[][]): WorkCandidate[] {
  return cases.flatMap((commands) => {
    const state = replay(history(...commands));
    return Object.values(state?.items ?? {})
      .filter(isOpen)
      .map((item) => ({
        itemId: item.itemId,
        kind: item.kind,
        crn: state?.crn ?? '',
        dueAt: item.dueAt,
        overdue: Date.parse(item.dueAt) < now.getTime(),
        claimedBy: item.claimedBy,
        summary: '',
        item,
        awaitingProvider: item.kind === 'BREACH_DUE' || (item.kind === 'RISK_INFORMATION' && item.heldBy !== 'NPS'),
      }));
  });
}
const ids = (sections: ReturnType<typeof workSections>) =>
  Object.fromEntries(sections.map((section) => [section.id, section.items.map((item) => item.itemId)]));

describe('my work', () => {
  const licence = [allocateLicenceCase(), draftRecallAdvice({ recallAdviceId: 'ra-1', basedOn: [] })];
  const returned = [
    onCase('X200001', allocateLicenceCase()),
    onCase('X200001', draftRecallAdvice({ recallAdviceId: 'ra-2', basedOn: [] })),
    onCase('X200001', returnRecallAdvice({ recallAdviceId: 'ra-2' })),
  ];
  const signedBySpo = [
    onCase('X200002', allocateLicenceCase()),
    onCase('X200002', draftRecallAdvice({ recallAdviceId: 'ra-3', basedOn: [] })),
    onCase('X200002', countersignRecallAdvice({ recallAdviceId: 'ra-3' })),
  ];
  const risk = [
    onCase('X200003', allocateCommand({ rosh: 'HIGH' })),
    onCase('X200003', recordRiskInformation({ riskInformationId: 'ri-new' })),
    onCase('X200003', recordRiskInformation({ riskInformationId: 'ri-seen' })),
    onCase('X200003', acknowledgeRiskInformation('ri-seen')),
  ];
  const withProviders = [
    onCase('X200004', allocateCommand()),
    onCase('X200004', recordRiskInformation({ riskInformationId: 'ri-crc' })),
    onCase('X200004', recordFailureToComply()),
    onCase('X200004', recordWarning()),
    onCase('X200004', recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' })),
    onCase('X200004', requestEscalation()),
    onCase('X200004', claimItem('esc-1', actors.officer)),
  ];
  const all = candidates(hoursLater(200), licence, returned, signedBySpo, risk, withProviders);

  it('gives the author the advice returned to them, and each countersigner the advice waiting for them', () => {
    expect(ids(workSections(all, actors.officer.id, 'decision-maker'))).toMatchObject({
      returned: ['ra-2'],
      'to-sign': [],
      held: ['esc-1'],
    });
    expect(ids(workSections(all, actors.spo.id, 'spo'))).toMatchObject({ returned: [], 'to-sign': ['ra-1'] });
    expect(ids(workSections(all, actors.aco.id, 'aco'))).toMatchObject({ 'to-sign': ['ra-3'] });
  });

  it('lists the public service’s risk information to acknowledge, then to review; never what a provider holds', () => {
    expect(ids(workSections(all, actors.officer.id, 'decision-maker'))).toMatchObject({
      'to-acknowledge': ['ri-new'],
      'to-review': ['ri-seen'],
    });
  });

  it('shows an SPO or ACO what is overdue with the providers, and a decision-maker not', () => {
    expect(ids(workSections(all, actors.spo.id, 'spo'))['overdue-with-providers'].sort()).toEqual(['bd-fail-2', 'ri-crc']);
    expect(ids(workSections(all, actors.officer.id, 'decision-maker'))['overdue-with-providers']).toEqual([]);
  });
});
