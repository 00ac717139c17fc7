import { TaskListPage } from './task-list-page';

/** /review — the QA reviewer's home: the open tasks that are quality reviews. */
export function ReviewQueuePage() {
  return <TaskListPage title="Review queue" only={(t) => t.form === 'qa_review'} empty="There are no drafts waiting for review." />;
}
