/**
 * Failure types (ApplicationFailure.type) that cross from activities to workflows to the
 * API, named once so each side tests for the same string.
 */

/** PostgreSQL refused a value (SQLSTATE class 22): retrying the same value can never succeed. */
export const UNSTORABLE_DATA = 'UNSTORABLE_DATA';

/** A person's completion could not be recorded; the task stays open for another try. */
export const TASK_COMPLETION_FAILED = 'TASK_COMPLETION_FAILED';
