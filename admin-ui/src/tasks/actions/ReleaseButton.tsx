import UndoIcon from '@mui/icons-material/Undo';
import { Button, useRecordContext } from 'react-admin';
import type { Task } from '../../types';
import { useTaskAbilities } from '../useTaskAbilities';
import { useTaskAction } from '../useTaskAction';

/** 释放: give a claimed task back to everyone it was offered to. */
export const ReleaseButton = () => {
  const task = useRecordContext<Task>();
  const { release } = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  if (!task || !release) return null;
  return (
    <Button
      label="app.task.action.release"
      data-testid="action-release"
      disabled={isPending}
      onClick={() => run((api) => api.releaseTask(task.id), 'app.task.done.release')}
    >
      <UndoIcon />
    </Button>
  );
};
