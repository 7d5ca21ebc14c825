// Placeholder: the page is being built.
export function CredentialsPage() {
  return <p>CredentialsPage</p>;
}
