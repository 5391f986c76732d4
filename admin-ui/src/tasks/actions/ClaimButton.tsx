import PanToolIcon from '@mui/icons-material/PanTool';
import { Button, useRecordContext } from 'react-admin';
import type { Task } from '../../types';
import { useTaskAbilities } from '../useTaskAbilities';
import { useTaskAction } from '../useTaskAction';

/** 认领: take a task offered to my role, so nobody else works it meanwhile. */
export const ClaimButton = () => {
  const task = useRecordContext<Task>();
  const { claim } = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  if (!task || !claim) return null;
  return (
    <Button
      label="app.task.action.claim"
      data-testid="action-claim"
      disabled={isPending}
      onClick={() => run((api) => api.claimTask(task.id), 'app.task.done.claim')}
    >
      <PanToolIcon />
    </Button>
  );
};
