import type * as Core from './core';

/**
 * The worker loads @sendflow/domain (core.ts), zod and the other libraries once into the workflow
 * sandbox's shared V8 context (`preloadModules`, apps/worker/src/worker.factory.ts), and the SDK then
 * deep-freezes what those modules export (`deepFreeze` in @temporalio/worker's
 * lib/workflow/reusable-vm.js: own properties, recursively, through getters, not into functions,
 * Maps, Sets or closures). Zod completes a schema on first use (members and lazily derived
 * internals are defined then) and resets a pattern's `lastIndex` before each test, so a schema
 * reachable from an export fails once frozen ("Cannot define property ..., object is not
 * extensible"), and every completion would answer 409. This freezes a fresh copy of the modules
 * the same way and checks that every shipped form still validates exactly as an unfrozen copy does.
 */

/** The SDK's freeze (private in @temporalio/worker 1.24.0, lib/workflow/reusable-vm.js), copied. */
function deepFreeze<T>(object: T, visited = new WeakSet<object>()): T {
  if (object == null || (typeof object !== 'object' && typeof object !== 'function')) return object;
  const o = object as unknown as object;
  if (visited.has(o)) return object;
  visited.add(o);
  if (Object.isFrozen(o)) return object;
  if (typeof o === 'object') {
    for (const name of [...Object.getOwnPropertyNames(o), ...Object.getOwnPropertySymbols(o)]) {
      const value = (o as Record<PropertyKey, unknown>)[name];
      if (value && (typeof value === 'object' || typeof value === 'function')) {
        try {
          deepFreeze(value, visited);
        } catch {
          // As in the SDK: some objects cannot be frozen (typed arrays).
        }
      }
    }
  }
  return Object.freeze(object);
}

/** A copy of the domain modules (and their zod) loaded apart from every other test's, frozen if asked. */
function loadDomain(frozen: boolean): typeof Core {
  let core!: typeof Core;
  jest.isolateModules(() => {
    const modules = [require('zod'), require('zod/v4/core'), require('./core'), require('./forms'), require('./form-schema'), require('./form-definition'), require('./services')];
    core = require('./core');
    if (frozen) for (const m of modules) deepFreeze(m);
  });
  return core;
}

const pass = { result: 'pass' };
const allPass = { jargon_free: pass, daily_life: pass, sources_dated: pass, within_boundaries: pass, sections_complete: pass, provision_quantified: pass, outcomes_separate: pass };
const proForma = {
  author: { name: 'A Therapist', role: 'SLT', registration: ' HCPC SL1 ' },
  sourcesOfInformation: [{ source: 'Clinic visit', date: '2026-03-02' }],
  healthNeeds: 'Needs', impactOnDailyLife: 'Impact', strengths: 'Strengths', outcomesSought: 'Outcomes',
  provision: [{ what: 'Therapy', who: 'SLT', frequency: 'Weekly', review: 'Termly' }],
  views: 'Views',
};

/** Answers for every shipped form and outcome: valid ones, and ones each kind of field refuses. */
const CASES: [form: string, outcome: string, data: unknown][] = [
  ['triage', 'default', { complete: true, knownServices: ['SLT', 'OT'] }],
  ['triage', 'default', { complete: 'yes', knownServices: ['SLT', 'SLT', 'bad code'] }],
  ['triage', 'default', {}],
  ['triage', 'not_known', { reason: 'Not known', signpost: 'Ask the GP' }],
  ['triage', 'not_known', { reason: '  ' }],
  ['allocation', 'default', { services: ['PAED'] }],
  ['allocation', 'default', { services: [] }],
  ['pro_forma', 'default', proForma],
  ['pro_forma', 'submitted', { ...proForma, sourcesOfInformation: [{ source: 'Visit', date: '2026-02-30' }], provision: [] }],
  ['pro_forma', 'not_known', { reason: 'Not known', date: '2026-03-02', signpost: 'School nurse' }],
  ['qa_review', 'default', { criteria: allPass, sectionComments: { healthNeeds: 'Good' } }],
  ['qa_review', 'default', { criteria: { ...allPass, jargon_free: { result: 'fail' } }, sectionComments: { nope: 'x' } }],
  ['qa_review', 'default', { criteria: { ...allPass, jargon_free: { result: 'fail', comment: 'Explain SALT' } } }],
  ['qa_review', 'rework', { criteria: { jargon_free: pass } }],
  ['return_to_la', 'default', { method: 'portal', sentTo: 'LA portal' }],
  ['return_to_la', 'default', { method: 'fax', sentTo: '' }],
  ['sign_off', 'default', {}],
  ['acknowledge', 'default', {}],
  ['acknowledge', 'default', { extra: true }],
  ['delivery_failed', 'recorded', { method: 'email', sentTo: 'sen@la.example' }],
  ['no_such_form', 'default', {}],
];

describe('the domain library once frozen as the worker shares it', () => {
  it('validates every shipped form exactly as before freezing, more than once', () => {
    const plain = loadDomain(false);
    const frozen = loadDomain(true);
    expect(Object.isFrozen(frozen.SHIPPED_FORMS.pro_forma)).toBe(true);
    for (let round = 0; round < 2; round++) {
      for (const [form, outcome, data] of CASES) {
        expect([form, outcome, frozen.validateFormData(form, outcome, data)]).toEqual([form, outcome, plain.validateFormData(form, outcome, data)]);
        // A request's pinned bundle arrives as data (the workflow's input), not frozen.
        const pinned = JSON.parse(JSON.stringify(frozen.SHIPPED_BUNDLE)) as Core.FormBundle;
        expect(frozen.validateFormData(form, outcome, data, pinned)).toEqual(plain.validateFormData(form, outcome, data));
      }
    }
    expect(frozen.validateFormData('triage', 'default', { complete: true, knownServices: ['SLT', 'SLT'] })).toEqual({ ok: false, issues: [{ field: 'data.knownServices', message: 'must not repeat a service' }] });
  });
});
