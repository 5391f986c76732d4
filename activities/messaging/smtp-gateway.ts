import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MessageGateway } from './gateway';

export interface SmtpGatewayOptions {
  transport: SMTPTransport.Options;
  from: string;
  /**
   * Email-to-SMS gateways take a message for `<mobile>@<domain>` and text its body to
   * the mobile; SMS go to that address.
   */
  smsDomain: string;
}

export function createSmtpGateway(options: SmtpGatewayOptions): MessageGateway {
  // A send must end within the time its sender renews its claim on the message
  // (MAX_SEND_SECONDS), or a second attempt could take the message over mid-send.
  const transporter = nodemailer.createTransport({ connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, ...options.transport });
  return {
    name: `smtp:${options.transport.host ?? 'localhost'}:${options.transport.port ?? 25}`,
    async send(message) {
      const to = message.channel === 'sms' ? `${message.recipient}@${options.smsDomain}` : message.recipient;
      const info = await transporter.sendMail({
        from: options.from,
        to,
        subject: message.subject ?? (message.channel === 'sms' ? 'SMS' : ''),
        text: message.body,
        messageId: message.messageId,
      });
      return { providerMessageId: info.messageId };
    },
    async close() {
      transporter.close();
    },
  };
}

/** SMTP from the environment (SMTP_URL=smtp://host:port), else undefined. */
export function smtpGatewayFromEnv(env = process.env): MessageGateway | undefined {
  if (!env.SMTP_URL) return undefined;
  const url = new URL(env.SMTP_URL);
  return createSmtpGateway({
    transport: {
      host: url.hostname,
      port: Number(url.port || 25),
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    },
    from: env.SMTP_FROM ?? 'gridflow@localhost',
    smsDomain: env.SMS_EMAIL_DOMAIN ?? 'sms.localhost',
  });
}
