import { Injectable } from '@nestjs/common';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import { CaseNotFoundError, ItemNotFoundError } from '@escalation-hub/casework-domain';

/**
 * Finds the case an item belongs to, for the commands addressed to an item alone (the queue's
 * claim, release and decisions). An item the read models do not know is not found (404).
 */
@Injectable()
export class CaseItems {
  constructor(private readonly readModels: CaseworkReadModels) {}

  async crnOf(itemId: string, knownCrn?: string): Promise<string> {
    if (knownCrn) return knownCrn;
    const found = await this.readModels.findItem(itemId);
    if (!found) throw new ItemNotFoundError(itemId);
    return found.crn;
  }

  /**
   * Runs `act` on the case of an item named by its id alone. A case the caller may not see is answered as
   * the item not being found, so an item's id never tells a provider which case (CRN) it belongs to.
   */
  async onCaseOf<T>(itemId: string, knownCrn: string | undefined, act: (crn: string) => Promise<T>): Promise<T> {
    const crn = await this.crnOf(itemId, knownCrn);
    try {
      return await act(crn);
    } catch (error) {
      if (!knownCrn && error instanceof CaseNotFoundError) throw new ItemNotFoundError(itemId);
      throw error;
    }
  }
}
