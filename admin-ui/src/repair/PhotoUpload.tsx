import { useCallback } from 'react';
import { HttpError, useTranslate } from 'react-admin';
import type { RepairPhoto } from '../../../domain/contracts/repair';
import { DEFAULT_REPAIR_POLICY } from '../../../domain/repair/policy';
import { useApiErrorMessage } from '../common/apiErrors';
import { API_URL, apiRefusalOf, httpClient } from '../httpClient';

/** The default policy's limits, for the hints; the API holds the policy in force and refuses past it. */
export const PHOTO_LIMITS = { max: DEFAULT_REPAIR_POLICY.photos.maxCount, maxMiB: Math.round((DEFAULT_REPAIR_POLICY.photos.maxBytes / (1024 * 1024)) * 10) / 10 };
export const PHOTO_ACCEPT = 'image/jpeg,image/png';

/** Where a photo's bytes are served (same origin: the session cookie goes along). */
export const photoUrl = (orderId: number, photoId: number) => `${API_URL}/repair_orders/${orderId}/photos/${photoId}`;

/** Sends one photo as the raw body; the API checks its type by its bytes. */
export async function uploadPhoto(orderId: number, file: File): Promise<RepairPhoto> {
  const { json } = await httpClient(`${API_URL}/repair_orders/${orderId}/photos`, {
    method: 'POST',
    body: file,
    headers: new Headers({ Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }),
  });
  return json as RepairPhoto;
}

/** Why a photo was refused, in the user's language: the photo's own words by code, else the usual refusal. */
export function usePhotoErrorMessage(): (error: unknown) => string {
  const translate = useTranslate();
  const describe = useApiErrorMessage();
  return useCallback(
    (error: unknown) => {
      const { code } = apiRefusalOf(error);
      if (!(error instanceof HttpError)) return translate('app.repair_photo.errors.failed');
      const params = (error.body as { error?: { details?: { params?: Record<string, unknown> } } } | undefined)?.error?.details?.params ?? {};
      const text = code ? translate(`app.repair_photo.errors.${code}`, { ...params, _: '' }) : '';
      return text || describe(error);
    },
    [translate, describe],
  );
}
