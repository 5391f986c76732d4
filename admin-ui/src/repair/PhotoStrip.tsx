import AddPhotoIcon from '@mui/icons-material/AddAPhoto';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { RepairOrder } from '../../../domain/contracts/repair';
import { THUMBNAIL_SX } from './PhotoPicker';
import { PHOTO_ACCEPT, photoUrl, uploadPhoto, usePhotoErrorMessage } from './PhotoUpload';
import { NO_PRINT } from './printStyles';

/**
 * The order's photos as a row of thumbnails, each opening the full image; those who may
 * attach add more while the order is open.
 */
export const PhotoStrip = () => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  if (!record) return null;
  const photos = record.photos ?? [];
  return (
    <Box>
      {photos.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_photo.none')}
        </Typography>
      ) : (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {photos.map((photo, index) => (
            <a
              key={photo.id}
              href={photoUrl(record.id, photo.id)}
              target="_blank"
              rel="noopener noreferrer"
              title={[translate('app.repair_photo.open'), photo.width && photo.height ? translate('app.repair_photo.size', { width: photo.width, height: photo.height }) : '', photo.uploadedByName ?? ''].filter(Boolean).join(' · ')}
              data-testid="repair-photo-thumb"
            >
              <Box component="img" src={photoUrl(record.id, photo.id)} alt={translate('app.repair_photo.alt', { n: index + 1 })} loading="lazy" sx={THUMBNAIL_SX} />
            </a>
          ))}
        </Stack>
      )}
      {record.state === 'open' && <AddPhotoButton orderId={record.id} />}
    </Box>
  );
};

const AddPhotoButton = ({ orderId }: { orderId: number }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const describe = usePhotoErrorMessage();
  const [busy, setBusy] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'repair_orders', action: 'attach' });
  if (!canAccess) return null;

  const send = async (files: File[]) => {
    setBusy(true);
    let attached = 0;
    for (const file of files) {
      try {
        await uploadPhoto(orderId, file);
        attached += 1;
      } catch (error) {
        const text = `${file.name}: ${describe(error)}`;
        notify(text, { type: 'error', messageArgs: { _: text } });
      }
    }
    setBusy(false);
    if (attached > 0) {
      notify('app.repair_photo.attached', { type: 'success', messageArgs: { smart_count: attached } });
      refresh();
    }
  };

  return (
    <Button component="label" size="small" startIcon={<AddPhotoIcon />} disabled={busy} className={NO_PRINT} sx={{ marginTop: 1 }} data-testid="repair-photo-add">
      {translate(busy ? 'app.repair_photo.uploading' : 'app.repair_photo.add')}
      <input
        hidden
        type="file"
        accept={PHOTO_ACCEPT}
        multiple
        data-testid="repair-photo-add-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) void send(files);
        }}
      />
    </Button>
  );
};
