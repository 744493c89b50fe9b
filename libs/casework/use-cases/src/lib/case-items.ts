import { Injectable } from '@nestjs/common';
import { CaseworkReadModels } from '@escalation-hub/casework-application';
import { ItemNotFoundError } from '@escalation-hub/casework-domain';

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
}
