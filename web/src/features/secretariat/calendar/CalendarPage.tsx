// Placeholder: the page is being built.
export function CalendarPage() {
  return <p>CalendarPage</p>;
}
