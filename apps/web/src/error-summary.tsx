/** NHS-style error summary: announced to screen readers as soon as it appears. */
export function ErrorSummary({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>There is a problem</h2>
      <p>{message}</p>
    </div>
  );
}
