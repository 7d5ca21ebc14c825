// Placeholder: the page is being built.
export function RecordsPage() {
  return <p>RecordsPage</p>;
}
