import type { Task } from '../../types';

/** A step's completion form: it owns its inputs and hands the API's `result` to onSubmit. */
export interface StepFormProps {
  task: Task;
  /** Sends the result; resolves when the API has answered (the form stays disabled until then). */
  onSubmit(result: Record<string, unknown>): Promise<void>;
}
