import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { useState } from 'react';
import { Button, useRecordContext } from 'react-admin';
import type { Task } from '../../types';
import { useTaskAbilities } from '../useTaskAbilities';
import { useTaskAction } from '../useTaskAction';
import { TextDialog } from '../../common/TextDialog';

/** 催单: the customer called again; the current handler gets an SMS. The reason is optional. */
export const UrgeButton = () => {
  const task = useRecordContext<Task>();
  const { urge } = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  const [open, setOpen] = useState(false);
  if (!task || !urge) return null;

  const send = async (reason: string) => {
    if (await run((api) => api.urgeTask(task.id, reason || undefined), 'app.task.done.urge')) setOpen(false);
  };
  return (
    <>
      <Button label="app.task.action.urge" data-testid="action-urge" onClick={() => setOpen(true)}>
        <NotificationsActiveIcon />
      </Button>
      {open && (
        <TextDialog
          title="app.task.dialog.urge_title"
          label="app.task.dialog.urge_reason"
          confirmLabel="app.task.action.urge"
          required={false}
          isPending={isPending}
          onCancel={() => setOpen(false)}
          onConfirm={send}
        />
      )}
    </>
  );
};
