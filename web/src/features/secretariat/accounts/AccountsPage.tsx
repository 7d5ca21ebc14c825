// Placeholder: the page is being built.
export function AccountsPage() {
  return <p>AccountsPage</p>;
}
