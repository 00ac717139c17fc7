import { SERVICE_CODE_PATTERN } from '@sendflow/domain';
import { useAdminServices, useSaveService } from '../api/hooks';
import { CodeListAdmin } from './code-list-admin';

/** /admin/services — the trust's services (SLT, OT, …); inactive ones take no new work. */
export function AdminServicesPage() {
  const list = useAdminServices();
  const save = useSaveService();
  return (
    <CodeListAdmin title="Services" noun="service" codeLabel="Service code" codeHint="capitals and digits, such as SLT" codePattern={SERVICE_CODE_PATTERN}
      rows={list.data} loadError={list.error} extra="active" save={(code, body) => save.mutateAsync({ code, body })} />
  );
}
