import type { HandoffContext } from '../../dialogs/handoff/handoffContext';
import type { HandoffProvider, HandoffSubmitted } from '../../dialogs/handoff/handoffPort';
import type { OperatorLog } from './operatorLog';
import type { TicketStore } from './ticketStore';
import { errorMessage } from '../errors';

/** The embedded default: the ticket is written to the local store, an operator reads it with `madoguchi handoff`. */
export class TicketHandoffProvider implements HandoffProvider {
  constructor(private readonly options: { store: TicketStore; logger: OperatorLog }) {}

  async submit(context: HandoffContext): Promise<HandoffSubmitted> {
    try {
      const ticket = await this.options.store.create(context);
      this.options.logger.info({ ticketId: ticket.id, reason: context.reason }, 'handoff: ticket stored');
      return { ok: true, ticketId: ticket.id, delivery: 'stored' };
    } catch (err) {
      this.options.logger.error({ err: { message: errorMessage(err) } }, 'handoff: could not store the ticket');
      return { ok: false, reason: 'unavailable' };
    }
  }
}
