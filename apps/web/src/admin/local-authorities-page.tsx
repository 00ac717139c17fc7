import { useAdminLocalAuthorities, useSaveLocalAuthority } from '../api/hooks';
import { CodeListAdmin } from './code-list-admin';

/** /admin/local-authorities — the LAs this trust takes requests from, by GSS code. */
export function AdminLocalAuthoritiesPage() {
  const list = useAdminLocalAuthorities();
  const save = useSaveLocalAuthority();
  return (
    <CodeListAdmin title="Local authorities" noun="local authority" codeLabel="GSS code" codeHint="a GSS code such as E06000023" codePattern={/^[EWSN]\d{8}$/}
      rows={list.data} loadError={list.error} extra="returnAddress" save={(code, body) => save.mutateAsync({ code, body })} />
  );
}
