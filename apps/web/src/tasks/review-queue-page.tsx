import { ReviewQueue } from './task-list-page';

/** /review — the QA reviewer's home: the open tasks that are quality reviews. */
export function ReviewQueuePage() {
  return <ReviewQueue />;
}
