import AddPhotoIcon from '@mui/icons-material/AddAPhoto';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { PHOTO_ACCEPT, PHOTO_LIMITS } from './PhotoUpload';

/** A photo chosen on intake: its local preview, and once sent, whether it was attached or why not. */
export interface PickedPhoto {
  key: string;
  file: File;
  preview: string;
  attached?: boolean;
  error?: string;
}

export const THUMBNAIL_SX = { width: 96, height: 96, objectFit: 'cover', borderRadius: 1, border: 1, borderColor: 'divider', display: 'block' } as const;

let counter = 0;

/**
 * Intake's photo picker: up to the limit, JPEG or PNG, shown as local thumbnails; the form
 * sends them once the order exists (RepairIntake), and each shows why it was refused.
 */
export const PhotoPicker = ({ photos, onChange, disabled }: { photos: PickedPhoto[]; onChange: (photos: PickedPhoto[]) => void; disabled?: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const current = useRef(photos);
  current.current = photos;
  // Previews live as long as the form: released when it goes.
  useEffect(() => () => current.current.forEach((photo) => URL.revokeObjectURL(photo.preview)), []);

  const add = (files: FileList | null) => {
    const chosen = Array.from(files ?? []);
    const room = Math.max(0, PHOTO_LIMITS.max - photos.length);
    if (chosen.length > room) notify('app.repair_photo.too_many_picked', { type: 'warning', messageArgs: { max: PHOTO_LIMITS.max } });
    const added = chosen.slice(0, room).map((file) => ({ key: `photo-${++counter}`, file, preview: URL.createObjectURL(file) }));
    onChange([...photos, ...added]);
    if (input.current) input.current.value = '';
  };

  const remove = (key: string) => {
    const photo = photos.find((p) => p.key === key);
    if (photo) URL.revokeObjectURL(photo.preview);
    onChange(photos.filter((p) => p.key !== key));
  };

  return (
    <Box sx={{ marginBottom: 2 }}>
      <Button component="label" variant="outlined" startIcon={<AddPhotoIcon />} disabled={disabled || photos.length >= PHOTO_LIMITS.max}>
        {translate('app.repair_photo.pick')}
        <input ref={input} hidden type="file" accept={PHOTO_ACCEPT} multiple data-testid="repair-photo-input" onChange={(event) => add(event.target.files)} />
      </Button>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ marginTop: 0.5 }}>
        {translate('app.repair_photo.pick_help', PHOTO_LIMITS)}
      </Typography>
      {photos.length > 0 && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', marginTop: 1 }}>
          {photos.map((photo, index) => (
            <Box key={photo.key} sx={{ position: 'relative', width: 96 }} data-testid="repair-photo-preview">
              <Box component="img" src={photo.preview} alt={translate('app.repair_photo.alt', { n: index + 1 })} sx={{ ...THUMBNAIL_SX, opacity: photo.error ? 0.5 : 1 }} />
              {!photo.attached && (
                <IconButton
                  size="small"
                  aria-label={translate('app.repair_photo.remove')}
                  onClick={() => remove(photo.key)}
                  disabled={disabled}
                  sx={{ position: 'absolute', top: 2, right: 2, backgroundColor: 'background.paper', '&:hover': { backgroundColor: 'background.paper' } }}
                >
                  <CloseIcon fontSize="small" />
                </IconButton>
              )}
              {photo.error && (
                <Typography variant="caption" color="error" component="p" data-testid="repair-photo-error">
                  {photo.error}
                </Typography>
              )}
            </Box>
          ))}
        </Stack>
      )}
    </Box>
  );
};
