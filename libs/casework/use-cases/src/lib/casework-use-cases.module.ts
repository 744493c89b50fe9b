import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { AllocateCaseController } from './allocate-case/allocate-case.controller';
import { AllocateCaseHandler } from './allocate-case/allocate-case.handler';
import { AnswerInformationRequestController } from './answer-information-request/answer-information-request.controller';
import { AnswerInformationRequestHandler } from './answer-information-request/answer-information-request.handler';
import { BearerAuthGuard } from './auth.guard';
import { CaseItems } from './case-items';
import { ClaimItemController } from './claim-item/claim-item.controller';
import { ClaimItemHandler } from './claim-item/claim-item.handler';
import { CountersignRecallAdviceController } from './countersign-recall-advice/countersign-recall-advice.controller';
import { CountersignRecallAdviceHandler } from './countersign-recall-advice/countersign-recall-advice.handler';
import { DecideBreachPackController } from './decide-breach-pack/decide-breach-pack.controller';
import { ReferToInterventionController } from './refer-to-intervention/refer-to-intervention.controller';
import { ReferToInterventionHandler } from './refer-to-intervention/refer-to-intervention.handler';
import { RecordFailureToComplyController } from './record-failure-to-comply/record-failure-to-comply.controller';
import { RecordFailureToComplyHandler } from './record-failure-to-comply/record-failure-to-comply.handler';
import { RecordWarningController } from './record-warning/record-warning.controller';
import { RecordWarningHandler } from './record-warning/record-warning.handler';
import { WaiveBreachController } from './waive-breach/waive-breach.controller';
import { WaiveBreachHandler } from './waive-breach/waive-breach.handler';
import { RecordCourtStageController } from './record-court-stage/record-court-stage.controller';
import { RecordCourtStageHandler } from './record-court-stage/record-court-stage.handler';
import { AcknowledgeRiskInformationController } from './acknowledge-risk-information/acknowledge-risk-information.controller';
import { AcknowledgeRiskInformationHandler } from './acknowledge-risk-information/acknowledge-risk-information.handler';
import { RecordRecallStepController } from './record-recall-step/record-recall-step.controller';
import { RecordRecallStepHandler } from './record-recall-step/record-recall-step.handler';
import { ReturnRecallAdviceController } from './return-recall-advice/return-recall-advice.controller';
import { ReturnRecallAdviceHandler } from './return-recall-advice/return-recall-advice.handler';
import { ReviseRecallAdviceController } from './revise-recall-advice/revise-recall-advice.controller';
import { ReviseRecallAdviceHandler } from './revise-recall-advice/revise-recall-advice.handler';
import { WithdrawRecallAdviceController } from './withdraw-recall-advice/withdraw-recall-advice.controller';
import { WithdrawRecallAdviceHandler } from './withdraw-recall-advice/withdraw-recall-advice.handler';
import { RecordMappaChangeController } from './record-mappa-change/record-mappa-change.controller';
import { RecordPublicInterestController } from './record-public-interest/record-public-interest.controller';
import { RecordPublicInterestHandler } from './record-public-interest/record-public-interest.handler';
import { RecordSentenceController } from './record-sentence/record-sentence.controller';
import { RecordSentenceHandler } from './record-sentence/record-sentence.handler';
import { RecordMappaChangeHandler } from './record-mappa-change/record-mappa-change.handler';
import { RecordRoshReviewController } from './record-rosh-review/record-rosh-review.controller';
import { RecordRoshReviewHandler } from './record-rosh-review/record-rosh-review.handler';
import { DecideBreachPackHandler } from './decide-breach-pack/decide-breach-pack.handler';
import { DecideEscalationController } from './decide-escalation/decide-escalation.controller';
import { DecideEscalationHandler } from './decide-escalation/decide-escalation.handler';
import { DecisionQueueController } from './decision-queue/decision-queue.controller';
import { DraftRecallAdviceController } from './draft-recall-advice/draft-recall-advice.controller';
import { DraftRecallAdviceHandler } from './draft-recall-advice/draft-recall-advice.handler';
import { CloseCaseController } from './close-case/close-case.controller';
import { RecordRiskInformationController } from './record-risk-information/record-risk-information.controller';
import { RecordRiskInformationHandler } from './record-risk-information/record-risk-information.handler';
import { ReviewRiskInformationController } from './review-risk-information/review-risk-information.controller';
import { ReviewRiskInformationHandler } from './review-risk-information/review-risk-information.handler';
import { DecideTransferController } from './decide-transfer/decide-transfer.controller';
import { DecideTransferHandler } from './decide-transfer/decide-transfer.handler';
import { RequestTransferController } from './request-transfer/request-transfer.controller';
import { RequestTransferHandler } from './request-transfer/request-transfer.handler';
import { CloseCaseHandler } from './close-case/close-case.handler';
import { ExpireClaimHandler } from './expire-claim/expire-claim.handler';
import { MarkItemOverdueHandler } from './mark-item-overdue/mark-item-overdue.handler';
import { OverdueScheduler } from './mark-item-overdue/overdue.scheduler';
import { ProviderFeedController } from './provider-feed/provider-feed.controller';
import { ReleaseItemController } from './release-item/release-item.controller';
import { ReleaseItemHandler } from './release-item/release-item.handler';
import { RequestEscalationController } from './request-escalation/request-escalation.controller';
import { RequestEscalationHandler } from './request-escalation/request-escalation.handler';
import { SubmitBreachPackController } from './submit-breach-pack/submit-breach-pack.controller';
import { SubmitBreachPackHandler } from './submit-breach-pack/submit-breach-pack.handler';
import { ViewCaseController } from './view-case/view-case.controller';

/** Who a process serves: provider systems (the gateway), the public service (decisions), or both (the hub). */
export type CaseworkAudience = 'providers' | 'public-service';

const CONTROLLERS: Record<CaseworkAudience, Type[]> = {
  providers: [
    RequestEscalationController,
    AnswerInformationRequestController,
    SubmitBreachPackController,
    ViewCaseController,
    ProviderFeedController,
    RecordFailureToComplyController,
    RecordWarningController,
    // Shared with the public service: a provider records, acknowledges and reviews risk information too, and waives breach proceedings it holds.
    WaiveBreachController,
    RecordRiskInformationController,
    AcknowledgeRiskInformationController,
    ReviewRiskInformationController,
  ],
  'public-service': [
    AllocateCaseController,
    DraftRecallAdviceController,
    ViewCaseController,
    DecisionQueueController,
    ClaimItemController,
    ReleaseItemController,
    DecideEscalationController,
    DecideBreachPackController,
    CountersignRecallAdviceController,
    ReturnRecallAdviceController,
    ReviseRecallAdviceController,
    WithdrawRecallAdviceController,
    RecordRecallStepController,
    WaiveBreachController,
    RecordCourtStageController,
    RecordRoshReviewController,
    RecordMappaChangeController,
    RecordSentenceController,
    RecordPublicInterestController,
    CloseCaseController,
    RequestTransferController,
    DecideTransferController,
    RecordRiskInformationController,
    AcknowledgeRiskInformationController,
    ReviewRiskInformationController,
    ReferToInterventionController,
  ],
};

/** One handler per use case: every entry point (HTTP, Kafka, web forms, the scheduler) dispatches to these. */
const HANDLERS: Type[] = [
  AllocateCaseHandler,
  RequestEscalationHandler,
  AnswerInformationRequestHandler,
  SubmitBreachPackHandler,
  ClaimItemHandler,
  ReleaseItemHandler,
  DecideEscalationHandler,
  DecideBreachPackHandler,
  DraftRecallAdviceHandler,
  CountersignRecallAdviceHandler,
  ReturnRecallAdviceHandler,
  ReviseRecallAdviceHandler,
  WithdrawRecallAdviceHandler,
  RecordRecallStepHandler,
  RecordFailureToComplyHandler,
  RecordWarningHandler,
  WaiveBreachHandler,
  RecordCourtStageHandler,
  MarkItemOverdueHandler,
  ExpireClaimHandler,
  CloseCaseHandler,
  RequestTransferHandler,
  DecideTransferHandler,
  RecordRiskInformationHandler,
  AcknowledgeRiskInformationHandler,
  ReferToInterventionHandler,
  ReviewRiskInformationHandler,
  RecordRoshReviewHandler,
  RecordMappaChangeHandler,
  RecordSentenceHandler,
  RecordPublicInterestHandler,
];

/**
 * The casework use cases: their command handlers and HTTP API. `imports` must export TokenStore, CLOCK
 * and the casework application module. `scheduleOverdue: false` leaves the overdue scheduler out
 * (a process without the decision queue).
 */
@Module({})
export class CaseworkUseCasesModule {
  static register(dependencies: {
    imports: NonNullable<ModuleMetadata['imports']>;
    audiences?: readonly CaseworkAudience[];
    scheduleOverdue?: boolean;
  }): DynamicModule {
    const audiences = dependencies.audiences ?? ['providers', 'public-service'];
    const scheduler = dependencies.scheduleOverdue === false ? [] : [OverdueScheduler];
    return {
      module: CaseworkUseCasesModule,
      imports: dependencies.imports,
      controllers: [...new Set(audiences.flatMap((audience) => CONTROLLERS[audience]))],
      providers: [BearerAuthGuard, CaseItems, ...HANDLERS, ...scheduler],
      exports: scheduler,
    };
  }
}
