/** Where outgoing SMS and email go. The outbox table records every message either way. */
export interface OutgoingMessage {
  channel: 'sms' | 'email';
  /** A mobile number for SMS, an email address for email. */
  recipient: string;
  subject?: string;
  body: string;
  /** Stable per logical message, so a gateway that dedupes by id can do so too. */
  messageId: string;
}

export interface MessageGateway {
  /** Recorded with each message so an auditor sees how it left. */
  readonly name: string;
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
  close?(): Promise<void>;
}

/**
 * For the demo (`npm start`): the message stays in the outbox table, where the back
 * office shows it; nothing leaves the machine.
 */
export const outboxOnlyGateway: MessageGateway = {
  name: 'outbox',
  async send(message) {
    return { providerMessageId: message.messageId };
  },
};
