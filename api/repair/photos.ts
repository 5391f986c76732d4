import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { REPAIR_PHOTO_TYPES, type RepairPhotoType } from '../../domain/contracts/repair';
import { repairPolicyInForce } from './policy-in-force';
import { HttpError } from '../errors';
import { idParam, iso } from '../lists';
import { allow } from '../auth/sessions';
import { serviceTokenOr } from '../service-tokens';

/** What the bytes say they are: JPEG starts FF D8 FF, PNG with its 8-byte signature. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

export function sniffImageType(bytes: Buffer): RepairPhotoType | undefined {
  if (bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= JPEG_START.length && bytes.subarray(0, JPEG_START.length).equals(JPEG_START)) return 'image/jpeg';
  return undefined;
}

/** JPEG start-of-frame markers (C0–CF but DHT C4, JPG C8, DAC CC): they carry the frame's size. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Width and height from the header (PNG IHDR, JPEG SOF) when it says them; never throws. */
export function imageSize(bytes: Buffer, type: RepairPhotoType): { width: number; height: number } | undefined {
  const positive = (width: number, height: number) => (width > 0 && height > 0 && width <= 2 ** 31 - 1 && height <= 2 ** 31 - 1 ? { width, height } : undefined);
  if (type === 'image/png') {
    if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return positive(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  }
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or the scan began with no frame
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return undefined;
      return positive(bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}

/** The Content-Type header's media type, lower case, without parameters. */
const mediaType = (req: Request) => (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
const isPhotoType = (value: string): value is RepairPhotoType => (REPAIR_PHOTO_TYPES as readonly string[]).includes(value);
const MIB = 1024 * 1024;

function notAnImage(declared: string, detected?: string): HttpError {
  return new HttpError(415, 'NOT_AN_IMAGE', `send a JPEG or PNG photo with its own Content-Type (image/jpeg or image/png); got ${declared || 'none'}${detected ? `, and the bytes are ${detected}` : ''}; nothing was stored`, {
    declared: declared || null,
    detected: detected ?? null,
  });
}

/** Reads the raw body up to the limit; a larger one is refused with the limit, having stored nothing. */
async function readPhoto(req: Request, res: Response, maxBytes: number): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit: maxBytes });
  try {
    await new Promise<void>((resolve, reject) => parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      const maxMiB = Math.round((maxBytes / MIB) * 10) / 10;
      throw new HttpError(413, 'PHOTO_TOO_BIG', `a photo may be at most ${maxBytes} bytes (${maxMiB} MiB); nothing was stored`, { maxBytes, params: { maxMiB } });
    }
    throw err;
  }
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function photoIdParam(req: Request): number {
  const raw = String(req.params.photoId);
  const id = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, 'NOT_FOUND', `no photo ${raw}`);
  return id;
}

/** A photo row as the API shows it (without its bytes). */
export function presentPhoto(row: DbRow) {
  return {
    id: Number(row.id),
    contentType: row.content_type as RepairPhotoType,
    byteSize: Number(row.byte_size),
    width: row.width ?? null,
    height: row.height ?? null,
    uploadedByName: row.uploaded_by_name ?? null,
    uploadedAt: iso(row.uploaded_at)!,
  };
}

const PHOTO_COLUMNS = ['p.id', 'p.content_type', 'p.byte_size', 'p.width', 'p.height', 'p.uploaded_at', 'u.display_name as uploaded_by_name'];

/** An order's photos, oldest first, for its page (GET /api/repair_orders/:id). */
export async function orderPhotos(db: Db, orderId: number) {
  const rows = await db('repair_photos as p').leftJoin('users as u', 'u.id', 'p.uploaded_by_id').where('p.order_id', orderId).orderBy('p.id').select(PHOTO_COLUMNS);
  return rows.map(presentPhoto);
}

/**
 * Photos of a repair order's fault: JPEG or PNG, checked by their bytes, at most the repair
 * policy's `photos.maxCount` per open order and `photos.maxBytes` each, kept in PostgreSQL
 * with the order. Mounted at /api.
 */
export function repairPhotoRoutes(db: Db): Router {
  const router = Router();

  // People in the back office, or the website's self-service (a service token) for the order it took in.
  router.post('/repair_orders/:id/photos', serviceTokenOr(db, 'repair_orders', 'attach'), async (req, res) => {
    const orderId = idParam(req);
    if (!(await db('repair_orders').where({ id: orderId }).first('id'))) throw new HttpError(404, 'NOT_FOUND', `no repair order ${orderId}`);
    const declared = mediaType(req);
    if (!isPhotoType(declared)) throw notAnImage(declared);
    const { photos: limits } = await repairPolicyInForce(db);
    const bytes = await readPhoto(req, res, limits.maxBytes);
    const detected = sniffImageType(bytes);
    if (detected !== declared) throw notAnImage(declared, detected ?? 'not an image');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const size = imageSize(bytes, detected);
    const user = res.locals.user as { id: number } | undefined;
    const actor = user ? `user:${user.id}` : `service:${res.locals.serviceName}`;

    const result = await db.transaction(async (trx) => {
      // The order's row is the photos' lock: two uploads at once are counted one after the other.
      const order = await trx('repair_orders').where({ id: orderId }).forUpdate().first('id', 'order_no', 'state', 'customer_id', 'workflow_id', 'case_id');
      if (!order) throw new HttpError(404, 'NOT_FOUND', `no repair order ${orderId}`);
      const same = await trx('repair_photos').where({ order_id: orderId, sha256 }).first('id');
      if (same) return { id: Number(same.id), created: false };
      if (order.state !== 'open') throw new HttpError(409, 'ORDER_NOT_OPEN', `order ${order.order_no} is ${order.state}: photos are taken while it is open; nothing was stored`, { state: order.state });
      const { n } = (await trx('repair_photos').where({ order_id: orderId }).count('* as n').first()) as { n: string | number };
      if (Number(n) >= limits.maxCount) {
        throw new HttpError(409, 'TOO_MANY_PHOTOS', `order ${order.order_no} has ${Number(n)} photos already, the most it may have; nothing was stored`, { maxCount: limits.maxCount, params: { maxCount: limits.maxCount } });
      }
      const [{ id }] = await trx('repair_photos')
        .insert({ order_id: orderId, content_type: detected, bytes, byte_size: bytes.length, width: size?.width ?? null, height: size?.height ?? null, sha256, uploaded_by_id: user?.id ?? null })
        .returning('id');
      await appendEvent(trx, {
        type: 'repair.photo_attached',
        actor,
        customerId: order.customer_id,
        workflowId: order.workflow_id,
        caseId: order.case_id,
        orderNo: order.order_no,
        // Numbers only: the timeline shows event data as it is, in either language (the row keeps type and sha256).
        data: { photoId: Number(id), byteSize: bytes.length, width: size?.width ?? null, height: size?.height ?? null },
      });
      return { id: Number(id), created: true };
    });
    const row = await db('repair_photos as p').leftJoin('users as u', 'u.id', 'p.uploaded_by_id').where('p.id', result.id).first(PHOTO_COLUMNS);
    res.status(result.created ? 201 : 200).json(presentPhoto(row));
  });

  router.get('/repair_orders/:id/photos/:photoId', allow('repair_orders', 'show'), async (req, res) => {
    const orderId = idParam(req);
    const photoId = photoIdParam(req);
    const row = await db('repair_photos').where({ id: photoId, order_id: orderId }).first('content_type', 'bytes');
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no photo ${photoId} on repair order ${orderId}`);
    // PostgreSQL answers a Buffer, PGlite a Uint8Array.
    const bytes = Buffer.isBuffer(row.bytes) ? row.bytes : Buffer.from(row.bytes as Uint8Array);
    res.set({
      'Content-Type': row.content_type,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(bytes);
  });

  return router;
}
