// The django/ rules against real Django: generated settings projects (one
// module, or a production module over a base module; literals, names and
// environment values) run through Django's own deploy checks (oracle.py) on
// Django 3.2, 4.2 and 5.2, and linted by celery-lint with the same target
// version. Every check id Django reports must be reported by the rule that
// mirrors it (meta.djangoChecks) and nothing else, except where the value
// comes from the environment: there celery-lint may say "may be" or nothing,
// never "is" against Django. A settings load error must be the same error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lint, type Diagnostic, type DjangoRuleContext, type ReportDescriptor, type Rule } from '@celery-lint/core';
import { allRules } from '@celery-lint/rules';
import { generateDjangoCases, type DjangoCase } from './cases';
import { djangoSites, runOracle } from './djangos';

const CASES = 600;
/** The rules that mirror a check of the security tag (what the oracle runs), and the load-error rule. */
const DJANGO_RULES = allRules.filter(
  (r) => r.checkDjango && ((r.meta.djangoChecks?.length && r.meta.djangoChecks.every((id) => id.startsWith('security.'))) || r.meta.id === 'django/settings-not-sequence'),
);

/** The settings each check reads: a finding it misses is excused only when one of these comes from the environment. */
const INPUTS: Readonly<Record<string, readonly string[]>> = {
  'security.W001': ['MIDDLEWARE'],
  'security.W002': ['MIDDLEWARE'],
  'security.W003': ['MIDDLEWARE'],
  'security.W004': ['MIDDLEWARE', 'SECURE_HSTS_SECONDS'],
  'security.W005': ['MIDDLEWARE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS'],
  'security.W006': ['MIDDLEWARE', 'SECURE_CONTENT_TYPE_NOSNIFF'],
  'security.W008': ['MIDDLEWARE', 'SECURE_SSL_REDIRECT'],
  'security.W009': ['SECRET_KEY'],
  'security.W010': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_SECURE'],
  'security.W011': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_SECURE'],
  'security.W012': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_SECURE'],
  'security.W013': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_HTTPONLY'],
  'security.W014': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_HTTPONLY'],
  'security.W015': ['INSTALLED_APPS', 'MIDDLEWARE', 'SESSION_COOKIE_HTTPONLY'],
  'security.W016': ['MIDDLEWARE', 'CSRF_USE_SESSIONS', 'CSRF_COOKIE_SECURE'],
  'security.W018': ['DEBUG'],
  'security.W019': ['MIDDLEWARE', 'X_FRAME_OPTIONS'],
  'security.W020': ['ALLOWED_HOSTS'],
  'security.W021': ['MIDDLEWARE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_PRELOAD'],
  'security.W022': ['MIDDLEWARE', 'SECURE_REFERRER_POLICY'],
  'security.E023': ['MIDDLEWARE', 'SECURE_REFERRER_POLICY'],
  'security.E024': ['MIDDLEWARE', 'SECURE_CROSS_ORIGIN_OPENER_POLICY'],
  'security.E100': ['DEFAULT_HASHING_ALGORITHM'],
  'security.W025': ['SECRET_KEY_FALLBACKS'],
};
/** Checks that import the project's code (the CSRF failure view): compared on projects with views in csrf-failure-view.test.ts. */
const RUNTIME = new Set(['security.E101', 'security.E102']);

/**
 * What celery-lint says of one case: check ids with their certainty, and the
 * settings it says Django refuses to load. The rules are wrapped to record
 * what they report (message id and the certainty they computed), so nothing
 * is read back out of message prose.
 */
function engineView(c: DjangoCase, djangoVersion: string): { ids: Map<string, 'is' | 'may be'>; refused: string[]; other: Diagnostic[] } {
  const ids = new Map<string, 'is' | 'may be'>();
  const refused: string[] = [];
  const recording: Rule[] = DJANGO_RULES.map((rule) => ({
    ...rule,
    checkDjango: (context: DjangoRuleContext) =>
      rule.checkDjango!({
        ...context,
        setting: context.setting,
        sourceText: context.sourceText,
        report: (descriptor: ReportDescriptor) => {
          const certainty = descriptor.data?.certainty === 'may be' ? 'may be' : 'is';
          if (rule.meta.id === 'django/settings-not-sequence') refused.push(`${descriptor.data!.name}:${certainty}`);
          else if (descriptor.messageId.startsWith('security.') && ids.get(descriptor.messageId) !== 'is') ids.set(descriptor.messageId, certainty);
          context.report(descriptor);
        },
      }),
  }));
  const root = `/case/${c.id}`;
  const sources = Object.entries(c.files).map(([rel, text]) => ({ path: `${root}/${rel}`, text }));
  const out = lint(sources, { rules: recording, projectFiles: sources.map((s) => s.path), djangoVersion });
  const other = out.diagnostics.filter((d) => !d.messageId.startsWith('security.') && d.ruleId !== 'django/settings-not-sequence');
  return { ids, refused, other };
}

interface Tally {
  agree: number;
  mayBe: number;
  fromEnvironment: number;
  wrong: string[];
}

test('the django/ rules report what real Django 3.2, 4.2 and 5.2 report, check by check', { timeout: 10 * 60_000 }, async () => {
  await initParser();
  const cases = generateDjangoCases(CASES);
  const lines: string[] = [];
  const wrong: string[] = [];
  const notCompared: string[] = [];
  for (const site of djangoSites()) {
    const oracle = runOracle(site, cases);
    const version = oracle.django.split('.').slice(0, 2).join('.');
    const byCheck = new Map<string, Tally>();
    const tally = (id: string) => {
      let t = byCheck.get(id);
      if (!t) byCheck.set(id, (t = { agree: 0, mayBe: 0, fromEnvironment: 0, wrong: [] }));
      return t;
    };
    let refusedAgree = 0;
    oracle.results.forEach((result, i) => {
      const c = cases[i]!;
      assert.equal(result.id, c.id);
      const engine = engineView(c, version);
      assert.deepEqual(engine.other.map((d) => d.message), [], `${c.id}: findings outside Django's checks`);
      if (result.crash || (result.loadError && !/must be a list or a tuple/.test(result.loadError))) {
        notCompared.push(`Django ${oracle.django} ${c.id}: ${result.crash ?? result.loadError}`);
        return;
      }
      if (result.loadError) {
        const name = /The (\w+) setting must be a list or a tuple/.exec(result.loadError)![1]!;
        if (engine.refused.includes(`${name}:is`) || (c.fromEnvironment.includes(name) && engine.refused.some((r) => r.startsWith(`${name}:`)))) refusedAgree++;
        else wrong.push(`Django ${oracle.django} ${c.id}: Django refuses ${name}; celery-lint says ${JSON.stringify(engine.refused)}`);
        return;
      }
      if (engine.refused.some((r) => r.endsWith(':is'))) wrong.push(`Django ${oracle.django} ${c.id}: celery-lint says Django refuses ${engine.refused.join(', ')}; Django loads it`);
      const django = new Set(result.ids);
      for (const id of new Set([...django, ...engine.ids.keys(), ...Object.keys(INPUTS)])) {
        if (RUNTIME.has(id)) continue;
        const said = engine.ids.get(id);
        const t = tally(id);
        const env = (INPUTS[id] ?? []).some((name) => c.fromEnvironment.includes(name));
        if (said === 'may be') t.mayBe++;
        else if ((said === 'is') === django.has(id)) t.agree++;
        else if (!said && env) t.fromEnvironment++;
        else t.wrong.push(`${c.id}: Django ${django.has(id) ? 'reports' : 'does not report'} ${id}, celery-lint ${said ? `says it ${said}` : 'says nothing'}`);
      }
    });
    lines.push(`Django ${oracle.django}: ${cases.length} projects (${refusedAgree} refused at load, as celery-lint says)`);
    for (const [id, t] of [...byCheck].sort()) {
      const total = t.agree + t.mayBe + t.fromEnvironment + t.wrong.length;
      lines.push(`  ${id.padEnd(14)} agree ${String(t.agree).padStart(4)} / ${total}  may-be ${String(t.mayBe).padStart(3)}  environment ${String(t.fromEnvironment).padStart(3)}  wrong ${t.wrong.length}`);
      wrong.push(...t.wrong.map((w) => `Django ${oracle.django} ${w}`));
    }
  }
  console.log(lines.join('\n'));
  assert.deepEqual(notCompared, [], 'the generator writes only settings Django can load and check');
  assert.deepEqual(wrong.slice(0, 40), [], `${wrong.length} disagreements with real Django`);
});
