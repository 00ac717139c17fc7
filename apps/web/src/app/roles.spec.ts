import { ROLES } from '@sendflow/domain';
import { homeFor, mayUse, menuFor, MENU } from './roles';

describe('role homes and menus (apps/web/src/app/roles.ts)', () => {
  it.each([
    ['coordinator', '/requests'], ['practitioner', '/tasks'], ['service_lead', '/tasks'], ['qa_reviewer', '/review'],
    ['sop_manager', '/sops'], ['admin', '/admin/users'], ['auditor', '/audit'],
  ])('%s lands on %s, a page in its own menu', (role, home) => {
    expect(homeFor([role])).toBe(home);
    expect(mayUse([role], home)).toBe(true);
  });

  it('gives every role a home it may use, and someone with several roles the first that applies', () => {
    for (const role of ROLES) expect(mayUse([role], homeFor([role]))).toBe(true);
    expect(homeFor(['auditor', 'coordinator'])).toBe('/requests');
  });

  it('shows only menu items the role may use: no "My tasks" for an admin, auditor or QA reviewer', () => {
    const labels = (r: string) => menuFor([r]).map((m) => m.label);
    expect(labels('admin')).not.toContain('My tasks');
    expect(labels('admin')).not.toContain('Requests'); // GET /api/requests does not allow admin
    expect(labels('auditor')).toEqual(['Requests', 'SOPs', 'Audit log', 'Reports']);
    expect(labels('qa_reviewer')).toEqual(['Requests', 'Review queue']);
    expect(mayUse(['practitioner'], '/admin/users')).toBe(false);
    expect(mayUse(['admin'], '/admin/users/123')).toBe(true);
    expect(new Set(MENU.map((m) => m.to)).size).toBe(MENU.length);
    expect(labels('sop_manager')).toEqual(['SOPs', 'Forms', 'Audit criteria', 'Reports']);
    expect(mayUse(['practitioner'], '/forms/123')).toBe(false);
  });
});
