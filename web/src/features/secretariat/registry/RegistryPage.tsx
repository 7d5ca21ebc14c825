// Placeholder: the page is being built.
export function RegistryPage() {
  return <p>RegistryPage</p>;
}
