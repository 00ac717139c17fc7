import type { DataSource } from 'typeorm';
import { DEFAULT_SERVICES, SHIPPED_BUNDLE, SHIPPED_FORMS, type Role } from '@sendflow/domain';
import { EHCNA_DEFAULT_SOP, validateSop } from '@sendflow/sop';
import { hashPassword, verifyPassword } from './password';

/** Demo local authorities (ONS codes); a real trust's admin adds its own. */
export const DEMO_LOCAL_AUTHORITIES = [
  { code: 'E06000023', name: 'Bristol, City of' },
  { code: 'E06000022', name: 'Bath and North East Somerset' },
  { code: 'E06000025', name: 'South Gloucestershire' },
];

/** One user per role, so every screen can be tried; never seeded into a real database unless asked. */
export const DEMO_USERS: { email: string; displayName: string; roles: Role[]; serviceCodes: string[] }[] = [
  { email: 'coordinator@demo.sendflow.nhs.uk', displayName: 'Casey Coordinator', roles: ['coordinator'], serviceCodes: [] },
  { email: 'slt@demo.sendflow.nhs.uk', displayName: 'Sam Speech', roles: ['practitioner'], serviceCodes: ['SLT'] },
  { email: 'ot@demo.sendflow.nhs.uk', displayName: 'Olu Occupational', roles: ['practitioner'], serviceCodes: ['OT'] },
  { email: 'paed@demo.sendflow.nhs.uk', displayName: 'Priya Paediatrician', roles: ['practitioner'], serviceCodes: ['PAED'] },
  { email: 'lead.slt@demo.sendflow.nhs.uk', displayName: 'Lee SLT Lead', roles: ['service_lead'], serviceCodes: ['SLT'] },
  { email: 'qa@demo.sendflow.nhs.uk', displayName: 'Quinn Reviewer', roles: ['qa_reviewer'], serviceCodes: [] },
  { email: 'sop@demo.sendflow.nhs.uk', displayName: 'Morgan Manager', roles: ['sop_manager'], serviceCodes: [] },
  { email: 'auditor@demo.sendflow.nhs.uk', displayName: 'Ari Auditor', roles: ['auditor'], serviceCodes: [] },
  { email: 'admin@demo.sendflow.nhs.uk', displayName: 'Ada Admin', roles: ['admin'], serviceCodes: [] },
];

/**
 * Reference data every installation needs (services, the default SOP, the shipped forms and audit
 * criteria, each as published version 1),
 * and demo data on request. Idempotent: a second run finds the first run's rows and adds nothing.
 */
export async function seed(ds: DataSource, { demo, demoPassword }: { demo: boolean; demoPassword?: string }): Promise<{ inserted: Record<string, number> }> {
  // Hashed before the transaction: Argon2 takes a moment and needs no connection.
  const demoHash = demo && demoPassword ? await hashPassword(demoPassword) : null;
  const inserted: Record<string, number> = {};
  await ds.transaction(async (m) => {
    const count = async (sql: string, params: unknown[]) => {
      const res = await m.query(sql, params);
      return Array.isArray(res) && Array.isArray(res[1]) ? res[1].length : Array.isArray(res) ? res.length : 0;
    };
    inserted.services = 0;
    for (const s of DEFAULT_SERVICES) {
      inserted.services += await count(`INSERT INTO services (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`, [s.code, s.name]);
    }
    const checked = validateSop(EHCNA_DEFAULT_SOP);
    if (!checked.ok) throw new Error(`The shipped default SOP is invalid: ${checked.issues.map((i) => i.message).join('; ')}`);
    inserted.sopVersions = await count(
      `INSERT INTO sop_versions (sop_key, version, status, definition, created_by, published_at)
       SELECT $1::varchar, 1, 'published', $2::jsonb, 'seed', now()
       WHERE NOT EXISTS (SELECT 1 FROM sop_versions WHERE sop_key = $1::varchar) RETURNING id`,
      [EHCNA_DEFAULT_SOP.key, JSON.stringify(EHCNA_DEFAULT_SOP)],
    );
    // Forms and criteria became data after databases existed: a form key or the criteria list
    // with no version at all gets the shipped one, and nothing a manager made is touched.
    inserted.formVersions = 0;
    for (const def of Object.values(SHIPPED_FORMS)) {
      inserted.formVersions += await count(
        `INSERT INTO form_versions (form_key, version, status, definition, created_by, updated_by, published_by, published_at)
         SELECT $1::varchar, 1, 'published', $2::jsonb, 'seed', 'seed', 'seed', now()
         WHERE NOT EXISTS (SELECT 1 FROM form_versions WHERE form_key = $1::varchar) RETURNING id`,
        [def.key, JSON.stringify(def)],
      );
    }
    inserted.auditCriteriaVersions = await count(
      `INSERT INTO audit_criteria_versions (version, status, items, created_by, updated_by, published_by, published_at)
       SELECT 1, 'published', $1::jsonb, 'seed', 'seed', 'seed', now()
       WHERE NOT EXISTS (SELECT 1 FROM audit_criteria_versions) RETURNING version`,
      [JSON.stringify(SHIPPED_BUNDLE.criteria.items)],
    );
    if (!demo) return;
    inserted.localAuthorities = 0;
    for (const la of DEMO_LOCAL_AUTHORITIES) {
      inserted.localAuthorities += await count(`INSERT INTO local_authorities (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`, [la.code, la.name]);
    }
    inserted.users = 0;
    for (const u of DEMO_USERS) {
      inserted.users += await count(
        `INSERT INTO users (email, display_name, roles, service_codes) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id`,
        [u.email, u.displayName, u.roles, u.serviceCodes],
      );
    }
    if (!demoPassword) return;
    // Demo accounts take the installation's DEMO_PASSWORD (npm start keeps one per .data folder,
    // npm test makes one per run); a demo account whose password was changed gets it back.
    inserted.demoPasswords = 0;
    const demoRows: { id: string; password_hash: string | null }[] = await m.query(`SELECT id, password_hash FROM users WHERE email = ANY($1)`, [DEMO_USERS.map((u) => u.email)]);
    for (const row of demoRows) {
      if (row.password_hash && await verifyPassword(row.password_hash, demoPassword)) continue;
      await m.query(`UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [row.id, demoHash]);
      inserted.demoPasswords += 1;
    }
  });
  return { inserted };
}
