import NoteAddIcon from '@mui/icons-material/NoteAdd';
import { useState } from 'react';
import { Button, useRecordContext } from 'react-admin';
import type { Task } from '../../types';
import { useTaskAbilities } from '../useTaskAbilities';
import { useTaskAction } from '../useTaskAction';
import { TextDialog } from '../../common/TextDialog';

/** 追加备注: a note on the task that stays in the case's timeline. */
export const NoteButton = () => {
  const task = useRecordContext<Task>();
  const { note } = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  const [open, setOpen] = useState(false);
  if (!task || !note) return null;

  const add = async (text: string) => {
    if (await run((api) => api.addTaskNote(task.id, text), 'app.task.done.note')) setOpen(false);
  };
  return (
    <>
      <Button label="app.task.action.note" data-testid="action-note" onClick={() => setOpen(true)}>
        <NoteAddIcon />
      </Button>
      {open && (
        <TextDialog
          title="app.task.dialog.note_title"
          label="app.task.dialog.note_text"
          confirmLabel="app.task.action.note"
          required
          isPending={isPending}
          onCancel={() => setOpen(false)}
          onConfirm={add}
        />
      )}
    </>
  );
};
