import { createSmtpGateway } from '../../activities/messaging/smtp-gateway';
import { CountingSmtpServer, sleep, startCountingSmtpServer } from './parts';

// The fault table is only as good as its counters: the SMTP side must see a message
// delivered twice as twice, and a hung server must hold, then serve, what it was sent.
let smtp: CountingSmtpServer;

beforeEach(async () => {
  smtp = await startCountingSmtpServer();
});

afterEach(async () => {
  await smtp?.close();
});

const gateway = () => createSmtpGateway({ transport: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'gridflow@faults.test', smsDomain: 'sms.faults.test' });

it('counts each delivery of a message by its Message-ID', async () => {
  const sms = { channel: 'sms' as const, recipient: '13700000001', body: '您的户号已恢复供电', messageId: '<same@gridflow>' };
  await gateway().send(sms);
  await gateway().send(sms);
  await gateway().send({ ...sms, messageId: '<other@gridflow>' });
  expect(Object.fromEntries(smtp.deliveries)).toEqual({ '<same@gridflow>': 2, '<other@gridflow>': 1 });
});

it('answers nothing while down, and serves the waiting sender once it is back', async () => {
  await smtp.stop();
  let done = false;
  const sending = gateway().send({ channel: 'sms', recipient: '13700000002', body: '停电通知', messageId: '<held@gridflow>' }).then(() => (done = true));
  await sleep(1500);
  expect(done).toBe(false);
  expect(smtp.deliveries.size).toBe(0);
  await smtp.start();
  await sending;
  expect(smtp.deliveries.get('<held@gridflow>')).toBe(1);
});
