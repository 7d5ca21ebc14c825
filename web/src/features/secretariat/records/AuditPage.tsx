// Placeholder: the page is being built.
export function AuditPage() {
  return <p>AuditPage</p>;
}
