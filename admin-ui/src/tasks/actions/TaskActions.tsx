import { ListButton, TopToolbar } from 'react-admin';
import { ClaimButton } from './ClaimButton';
import { AssignButton, DelegateButton } from './HandOverButtons';
import { NoteButton } from './NoteButton';
import { ReleaseButton } from './ReleaseButton';
import { UrgeButton } from './UrgeButton';

/** Each button shows itself only when the permission table and the task's state allow it. */
export const TaskActions = () => (
  <TopToolbar>
    <ClaimButton />
    <ReleaseButton />
    <AssignButton />
    <DelegateButton />
    <UrgeButton />
    <NoteButton />
    <ListButton />
  </TopToolbar>
);
