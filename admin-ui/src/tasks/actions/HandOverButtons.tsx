import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import SupervisorAccountIcon from '@mui/icons-material/SupervisorAccount';
import { useState, type ReactElement } from 'react';
import { Button, useRecordContext } from 'react-admin';
import type { Task } from '../../types';
import { useTaskAbilities } from '../useTaskAbilities';
import { useTaskAction } from '../useTaskAction';
import { UserPickerDialog } from './UserPickerDialog';

/** 指派: a dispatcher gives the task to a person. */
export const AssignButton = () => <HandOverButton action="assign" icon={<AssignmentIndIcon />} />;

/** 委托: someone else works the task for its holder, shown as 代理 (acting for). */
export const DelegateButton = () => <HandOverButton action="delegate" icon={<SupervisorAccountIcon />} />;

const HandOverButton = ({ action, icon }: { action: 'assign' | 'delegate'; icon: ReactElement }) => {
  const task = useRecordContext<Task>();
  const abilities = useTaskAbilities(task);
  const { run, isPending } = useTaskAction();
  const [open, setOpen] = useState(false);
  if (!task || !abilities[action]) return null;

  const handOver = async (userId: number) => {
    const done = await run(
      (api) => (action === 'assign' ? api.assignTask(task.id, userId) : api.delegateTask(task.id, userId)),
      `app.task.done.${action}`,
    );
    if (done) setOpen(false);
  };
  return (
    <>
      <Button label={`app.task.action.${action}`} data-testid={`action-${action}`} onClick={() => setOpen(true)}>
        {icon}
      </Button>
      {open && (
        <UserPickerDialog
          taskId={task.id}
          purpose={action}
          title={`app.task.dialog.${action}_title`}
          help={`app.task.dialog.${action}_help`}
          confirmLabel={`app.task.action.${action}`}
          isPending={isPending}
          onCancel={() => setOpen(false)}
          onConfirm={handOver}
        />
      )}
    </>
  );
};
