import type { Db } from '../../db/connection';
import { callingWorkflow } from '../context';
import type { MessageGateway } from './gateway';
import { MessageToSend, sendOnce, SentMessage } from './send-once';

export type SendMessageInput = Omit<MessageToSend, 'workflowId'>;
export type SendMessageResult = SentMessage;

export function createMessagingActivities(db: Db, gateway: MessageGateway) {
  return {
    /** A retried activity never sends the same message twice (same idempotency key). */
    async sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
      return sendOnce(db, gateway, { ...input, workflowId: callingWorkflow().workflowId });
    },
  };
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
