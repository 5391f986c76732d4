import { deflateSync, crc32 } from 'node:zlib';
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { issueServiceToken } from '../service-tokens';
import { repairOrderRecord, repairPhotoRecord } from '../../domain/contracts/repair';
import { DEFAULT_REPAIR_POLICY } from '../../domain/repair/policy';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';
import { imageSize, sniffImageType } from './photos';

// Photos never reach Temporal: the orders are written here, the client is never connected.
const PASSWORD = 'photo-password-1';
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies = { agent: '', crew: '', cashier: '' };
let customerId: number;

/** A 1×1 JPEG (progressive, SOF2), as small as a valid one gets. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/** A valid RGB PNG of the given size, one colour; `shade` makes each one's bytes differ. */
function png(width: number, height: number, shade = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, shade)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await insertUser(t.db, { username: 'agent', displayName: '陈座席', roles: ['agent'], password: PASSWORD });
  await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], password: PASSWORD });
  await insertUser(t.db, { username: 'cashier', displayName: '王收费', roles: ['cashier'], password: PASSWORD });
  customerId = (await insertCustomer(t.db, { customerNo: 'RP-1', name: '拍照户', phone: '13800003001' })).customerId;
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['agent', 'crew', 'cashier'] as const) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

let serial = 0;
/** An order written as intake writes it (no workflow: photos never signal one). */
async function order(state: 'open' | 'closed' = 'open'): Promise<{ id: number; orderNo: string }> {
  const orderNo = `16${String(9_000_000 + ++serial).padStart(8, '0')}`;
  const [{ id }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contact_phone: '13800003001', priority: 'normal', state, workflow_id: `repair-photo-${orderNo}` })
    .returning('id');
  return { id, orderNo };
}

async function upload(orderId: number, bytes: Buffer, contentType: string, cookie = cookies.agent): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}/api/repair_orders/${orderId}/photos`, { method: 'POST', headers: { 'content-type': contentType, cookie }, body: bytes });
  const body = await res.json();
  if (res.status < 300) {
    const parsed = repairPhotoRecord.safeParse(body);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  }
  return { status: res.status, body };
}

const photoCount = async (orderId: number) => Number((await t.db('repair_photos').where({ order_id: orderId }).count('* as n').first())!.n);
const eventCount = async (orderNo: string) => Number((await t.db('events').where({ order_no: orderNo, type: 'repair.photo_attached' }).count('* as n').first())!.n);

describe('reading an image by its bytes', () => {
  it('tells JPEG and PNG apart from anything else, and reads their size from the header', () => {
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(png(3, 2))).toBe('image/png');
    expect(sniffImageType(Buffer.from('not an image at all'))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
    expect(imageSize(JPEG, 'image/jpeg')).toEqual({ width: 1, height: 1 });
    expect(imageSize(png(3, 2), 'image/png')).toEqual({ width: 3, height: 2 });
    // A header cut short says nothing, and does not throw.
    expect(imageSize(JPEG.subarray(0, 40), 'image/jpeg')).toBeUndefined();
    expect(imageSize(png(3, 2).subarray(0, 20), 'image/png')).toBeUndefined();
  });
});

describe('attaching photos to a repair order', () => {
  it('takes a JPEG and a PNG, answers them, serves their bytes and lists them on the order', async () => {
    const { id, orderNo } = await order();
    const jpeg = await upload(id, JPEG, 'image/jpeg');
    expect(jpeg).toMatchObject({ status: 201, body: { contentType: 'image/jpeg', byteSize: JPEG.length, width: 1, height: 1, uploadedByName: '陈座席' } });
    const image = png(3, 2);
    const pngAnswer = await upload(id, image, 'image/png', cookies.crew);
    expect(pngAnswer).toMatchObject({ status: 201, body: { contentType: 'image/png', byteSize: image.length, width: 3, height: 2, uploadedByName: '李维修' } });

    for (const [photo, bytes, type] of [
      [jpeg.body, JPEG, 'image/jpeg'],
      [pngAnswer.body, image, 'image/png'],
    ] as const) {
      const res = await fetch(`${api.baseUrl}/api/repair_orders/${id}/photos/${photo.id}`, { headers: { cookie: cookies.agent } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }

    const shown = await fetch(`${api.baseUrl}/api/repair_orders/${id}`, { headers: { cookie: cookies.crew } });
    const record = (await shown.json()) as { photos?: unknown };
    const parsed = repairOrderRecord.safeParse(record);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(record.photos).toEqual([jpeg.body, pngAnswer.body]);

    // Each attachment is on the audit chain with the order.
    const events = await t.db('events').where({ order_no: orderNo, type: 'repair.photo_attached' }).orderBy('seq');
    expect(events.map((event) => [event.actor, event.customer_id, event.data])).toEqual([
      [expect.stringMatching(/^user:\d+$/), customerId, { photoId: jpeg.body.id, byteSize: JPEG.length, width: 1, height: 1 }],
      [expect.stringMatching(/^user:\d+$/), customerId, { photoId: pngAnswer.body.id, byteSize: image.length, width: 3, height: 2 }],
    ]);
  });

  it('answers the same photo sent twice with the one it stored', async () => {
    const { id, orderNo } = await order();
    const first = await upload(id, JPEG, 'image/jpeg');
    const again = await upload(id, JPEG, 'image/jpeg; charset=binary');
    expect(first.status).toBe(201);
    expect(again).toEqual({ status: 200, body: first.body });
    expect(await photoCount(id)).toBe(1);
    expect(await eventCount(orderNo)).toBe(1);
  });

  it.each([
    ['text named a PNG', Buffer.from('hello, I am a text file\n'), 'image/png'],
    ['a PNG named a JPEG', png(2, 2), 'image/jpeg'],
    ['a JPEG sent as bytes of no type', JPEG, 'application/octet-stream'],
    ['an empty body', Buffer.alloc(0), 'image/png'],
  ])('refuses %s with 415 NOT_AN_IMAGE, storing nothing', async (_name, bytes, type) => {
    const { id, orderNo } = await order();
    const { status, body } = await upload(id, bytes, type);
    expect({ status, code: body.error.code }).toEqual({ status: 415, code: 'NOT_AN_IMAGE' });
    expect(await photoCount(id)).toBe(0);
    expect(await eventCount(orderNo)).toBe(0);
  });

  it('refuses a photo over the size limit with 413 PHOTO_TOO_BIG and the limit, storing nothing', async () => {
    const { id, orderNo } = await order();
    const { maxBytes } = DEFAULT_REPAIR_POLICY.photos;
    const huge = Buffer.concat([png(1, 1), Buffer.alloc(maxBytes)]);
    const { status, body } = await upload(id, huge, 'image/png');
    expect({ status, code: body.error.code, maxBytes: body.error.details.maxBytes }).toEqual({ status: 413, code: 'PHOTO_TOO_BIG', maxBytes });
    expect(await photoCount(id)).toBe(0);
    expect(await eventCount(orderNo)).toBe(0);
    // Just under the limit is fine.
    const justUnder = Buffer.concat([png(1, 1), Buffer.alloc(maxBytes - png(1, 1).length)]);
    expect((await upload(id, justUnder, 'image/png')).status).toBe(201);
  });

  it('refuses a fifth photo with 409 TOO_MANY_PHOTOS', async () => {
    const { id, orderNo } = await order();
    for (let i = 1; i <= 4; i++) expect((await upload(id, png(i, 1), 'image/png')).status).toBe(201);
    const { status, body } = await upload(id, png(5, 1), 'image/png');
    expect({ status, code: body.error.code, maxCount: body.error.details.maxCount }).toEqual({ status: 409, code: 'TOO_MANY_PHOTOS', maxCount: 4 });
    expect(await photoCount(id)).toBe(4);
    expect(await eventCount(orderNo)).toBe(4);
    // One already attached is still answered: a retry is not a fifth.
    expect((await upload(id, png(4, 1), 'image/png')).status).toBe(200);
  });

  it('takes at most four of six sent at once', async () => {
    const { id } = await order();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(id, png(1, 1, i * 40), 'image/png')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 201, 201, 409, 409]);
    expect(await photoCount(id)).toBe(4);
  });

  it('takes photos only while the order is open', async () => {
    const { id, orderNo } = await order('closed');
    const { status, body } = await upload(id, JPEG, 'image/jpeg');
    expect({ status, code: body.error.code }).toEqual({ status: 409, code: 'ORDER_NOT_OPEN' });
    expect(await photoCount(id)).toBe(0);
    expect(await eventCount(orderNo)).toBe(0);
  });

  it('answers 404 for an unknown order or a photo of another order', async () => {
    expect((await upload(999_999, JPEG, 'image/jpeg')).status).toBe(404);
    const a = await order();
    const b = await order();
    const photo = await upload(a.id, JPEG, 'image/jpeg');
    const res = await fetch(`${api.baseUrl}/api/repair_orders/${b.id}/photos/${photo.body.id}`, { headers: { cookie: cookies.agent } });
    expect(res.status).toBe(404);
    expect((await fetch(`${api.baseUrl}/api/repair_orders/${a.id}/photos/abc`, { headers: { cookie: cookies.agent } })).status).toBe(404);
  });

  it("takes the website's photo for the order it took in (self-service, a service token), its event naming the service", async () => {
    const { id } = await order();
    const token = await issueServiceToken(t.db, 'website');
    const send = (bearer: string) => fetch(`${api.baseUrl}/api/repair_orders/${id}/photos`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${bearer}` }, body: png(4, 4, 7) });
    expect((await send('gft_not-a-token')).status).toBe(401);
    expect(await photoCount(id)).toBe(0);
    const res = await send(token);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ contentType: 'image/png', uploadedByName: null });
    const [event] = await t.db('events').where({ type: 'repair.photo_attached' }).whereRaw("(data->>'photoId')::int = (SELECT max(id) FROM repair_photos WHERE order_id = ?)", [id]).select('actor');
    expect(event).toEqual({ actor: 'service:website' });
  });

  it('lets only those allowed attach or see photos', async () => {
    const { id } = await order();
    const refused = await upload(id, JPEG, 'image/jpeg', cookies.cashier);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await upload(id, JPEG, 'image/jpeg', '')).status).toBe(401);
    expect(await photoCount(id)).toBe(0);
    const photo = await upload(id, JPEG, 'image/jpeg');
    expect((await fetch(`${api.baseUrl}/api/repair_orders/${id}/photos/${photo.body.id}`, { headers: { cookie: cookies.cashier } })).status).toBe(403);
    expect((await fetch(`${api.baseUrl}/api/repair_orders/${id}/photos/${photo.body.id}`)).status).toBe(401);
  });
});
