import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import { CaseState, ItemClaimedByAnotherError } from '@escalation-hub/casework-domain';
import {
  ClaimItemCommand,
  CountersignRecallAdviceCommand,
  DecideBreachPackCommand,
  DecideEscalationCommand,
  DecideTransferCommand,
  ReviewRiskInformationCommand,
  AcknowledgeRiskInformationCommand,
  RecordRiskInformationCommand,
  RequestTransferCommand,
  CloseCaseCommand,
  RecordRoshReviewCommand,
  RecordMappaChangeCommand,
  RecordSentenceCommand,
  RecordPublicInterestCommand,
  DraftRecallAdviceCommand,
  ReleaseItemCommand,
  RecordRecallStepCommand,
  RecordCourtStageCommand,
  ReferToInterventionCommand,
  ReturnRecallAdviceCommand,
  ReviseRecallAdviceCommand,
  WithdrawRecallAdviceCommand,
  STATUS_BY_CODE,
} from '@escalation-hub/casework-use-cases';
import type { WebSession } from '@escalation-hub/identity';
import { dateTimeText } from './wording';

/** What a refused command means for the person who sent it, in words, with the status it is answered with. */
export interface Refusal {
  readonly code: string;
  readonly status: number;
  readonly text: string;
  /** True when the form is worth sending again as it is (the case was only busy). */
  readonly retry: boolean;
}

/** What staff forms send: the API's own use-case commands, with the case the page showed. */
export type StaffCommand =
  | ClaimItemCommand
  | ReleaseItemCommand
  | DecideEscalationCommand
  | DecideBreachPackCommand
  | DecideTransferCommand
  | ReviewRiskInformationCommand
  | AcknowledgeRiskInformationCommand
  | RecordRiskInformationCommand
  | RequestTransferCommand
  | CloseCaseCommand
  | RecordRoshReviewCommand
  | RecordMappaChangeCommand
  | RecordSentenceCommand
  | RecordPublicInterestCommand
  | DraftRecallAdviceCommand
  | CountersignRecallAdviceCommand
  | ReturnRecallAdviceCommand
  | ReviseRecallAdviceCommand
  | WithdrawRecallAdviceCommand
  | RecordRecallStepCommand
  | RecordCourtStageCommand
  | ReferToInterventionCommand;

/**
 * Sends a person's command through the same command bus, to the same handlers, as the API. A refusal the API would answer
 * with a 4xx comes back as words, from the case as it is now; anything else is a fault and is thrown.
 */
@Injectable()
export class WebCommands {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: CaseworkReadModels,
  ) {}

  /** Undefined when the command was done, else why it was not. */
  async run(command: StaffCommand, session: WebSession): Promise<Refusal | undefined> {
    const outcome = await this.runForOutcome(command, session);
    return 'refused' in outcome ? outcome.refused : undefined;
  }

  /**
   * The same, saying whether anything new was recorded: a form sent again (the same RoSH review, the MAPPA the
   * case already has) is done, but records nothing, and the person should not be told it was recorded.
   */
  async runForOutcome(command: StaffCommand, session: WebSession): Promise<{ refused: Refusal } | { recorded: boolean }> {
    try {
      const result: unknown = await this.commandBus.execute(command);
      return { recorded: (result as { created?: boolean } | undefined)?.created !== false };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || STATUS_BY_CODE[code] === undefined) throw error;
      const current = command.crn ? await this.readModels.findCase(command.crn) : undefined;
      return { refused: refusalFor(error as Error & { code: string }, current?.state, command, session) };
    }
  }
}

/** The refusal in the words of what happened while the person was reading, from the case as it is now. */
function refusalFor(error: Error & { code: string }, state: CaseState | undefined, command: StaffCommand, session: WebSession): Refusal {
  const { code } = error;
  const status = STATUS_BY_CODE[code] ?? 422;
  const itemId = itemIdOf(command);
  const item = itemId ? state?.items[itemId] : undefined;
  const me = session.principal.name;
  const what =
    command instanceof CountersignRecallAdviceCommand
      ? 'countersignature'
      : command instanceof ClaimItemCommand
        ? 'claim'
        : command instanceof RecordRiskInformationCommand ||
            command instanceof RecordRoshReviewCommand ||
            command instanceof RecordMappaChangeCommand ||
            command instanceof RecordSentenceCommand ||
            command instanceof RecordPublicInterestCommand
          ? 'record'
          : command instanceof RequestTransferCommand
            ? 'request'
            : command instanceof CloseCaseCommand
              ? 'closure'
              : 'decision';
  const notRecorded = `Your ${what} was not recorded.`;
  const refusal = (text: string, overrides: Partial<Refusal> = {}): Refusal => ({ code, status, text, retry: false, ...overrides });
  if (code === 'CASE_BUSY' || code === 'WRONG_EXPECTED_VERSION') {
    return refusal('The case was changing while you sent this, and nothing was recorded. Check the page and send it again.', {
      retry: true,
    });
  }
  if (code === 'ITEM_ALREADY_DECIDED' && item && item.kind !== 'RECALL_COUNTERSIGN' && item.decision) {
    const { decidedBy, decidedAt } = item.decision;
    return decidedBy === me
      ? refusal(`You decided this at ${dateTimeText(decidedAt)}. ${notRecorded} Your decision is shown below.`)
      : refusal(
          `${decidedBy} decided this at ${dateTimeText(decidedAt)}, while you were reading. ${notRecorded} Their decision is shown below.`,
        );
  }
  if (error instanceof ItemClaimedByAnotherError) {
    return refusal(
      `${error.claimedBy} claimed this item while you were reading, so only they can act on it now (an SPO or ACO can give it back to the queue). ${notRecorded}`,
    );
  }
  if (code === 'RECALL_ADVICE_ALREADY_ISSUED' && item?.kind === 'RECALL_COUNTERSIGN' && item.aco) {
    return refusal(
      `${item.aco.by} countersigned this as ACO at ${dateTimeText(item.aco.at)}, while you were reading, and the advice was issued. ${notRecorded}`,
    );
  }
  if (code === 'COUNTERSIGNATURE_OUT_OF_ORDER' && item?.kind === 'RECALL_COUNTERSIGN' && item.spo && session.principal.role === 'spo') {
    return refusal(
      `${item.spo.by} countersigned this as SPO at ${dateTimeText(item.spo.at)}, while you were reading. It now needs an ACO. ${notRecorded}`,
      {
        status: 409,
      },
    );
  }
  return refusal(`${error.message}. Nothing was recorded.`);
}

/** The item a command acts on (none for a new recall advice's draft). */
function itemIdOf(command: StaffCommand): string | undefined {
  if (command instanceof DecideEscalationCommand) return command.escalationId;
  if (command instanceof DecideBreachPackCommand || command instanceof RecordCourtStageCommand) return command.breachPackId;
  if (
    command instanceof CountersignRecallAdviceCommand ||
    command instanceof ReturnRecallAdviceCommand ||
    command instanceof ReviseRecallAdviceCommand ||
    command instanceof WithdrawRecallAdviceCommand ||
    command instanceof RecordRecallStepCommand
  )
    return command.recallAdviceId;
  if (command instanceof DecideTransferCommand) return command.transferId;
  if (command instanceof ReviewRiskInformationCommand || command instanceof AcknowledgeRiskInformationCommand)
    return command.riskInformationId;
  if (command instanceof ClaimItemCommand || command instanceof ReleaseItemCommand) return command.itemId;
  return undefined;
}
