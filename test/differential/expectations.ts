// What the differential test expects: how much agreement, which differences
// are real version differences (with the reason), and which disagreements are
// known engine bugs already reported (to be removed here when fixed).
import type { Comparison } from './compare';

export const EXPECTED = {
  /** Generated cases (directed ones come on top). */
  cases: 1200,
  /**
   * Agreement over every comparison once documented version differences are
   * set aside. Measured 99.96% (17,375 comparisons, 1,226 cases) when written;
   * known engine bugs below account for the rest.
   */
  minAgreementWithoutVersionDifferences: 0.999,
  /** Raw agreement, version differences counted as disagreements. Measured 98.9% when written. */
  minRawAgreement: 0.985,
};

export interface DocumentedDifference {
  readonly id: string;
  readonly reason: string;
  readonly matches: (c: Comparison) => boolean;
}

/**
 * Differences that come from comparing against Debian's Celery 5.2.6 while the
 * default target is the newest release (5.6).
 */
export const VERSION_DIFFERENCES: readonly DocumentedDifference[] = [
  {
    id: 'setting-newer-than-installed-celery',
    reason:
      'The key names a setting added after 5.2.6 (broker_connection_retry_on_startup in 5.3, gcs_* in 5.4, ' +
      'worker_soft_shutdown_timeout in 5.5, control_queue_* in 5.6, ...). Celery 5.2.6 does not know it and ignores it; ' +
      "the engine resolves keys against every release's table (it does not pass the target version to the settings " +
      'lookup yet), so it reports the key as used.',
    matches: (c) =>
      c.category === 'keys' &&
      c.facts.settingInVersion === false &&
      (c.facts.engineState === 'used' || c.facts.engineState === 'overridden') &&
      c.celery === 'not used',
  },
];

export interface KnownBug {
  readonly caseId: string;
  readonly subject: string;
  readonly reason: string;
}

/** Engine disagreements reported to the engine's owner; each names the behaviour Celery has. */
export const KNOWN_ENGINE_BUGS: readonly KnownBug[] = [
  {
    caseId: 'd-kwarg-beats-changes',
    subject: 'key worker_concurrency via kwarg',
    reason: "Celery('x', worker_concurrency=8, changes={'worker_concurrency': 7}): Celery applies keyword arguments after changes=, so 8 wins; the engine lets the later text (changes=) win.",
  },
  {
    caseId: 'd-kwarg-beats-changes',
    subject: 'key worker_concurrency via changes',
    reason: 'The other half of the same case: the changes= value is overridden, not used.',
  },
  {
    caseId: 'd-celery-namespace-module',
    subject: 'result_accept_content',
    reason:
      "Celery(namespace='CELERY') + config_from_object('celeryconfig'): the engine resolves CELERY_RESULT_ACCEPT_CONTENT to result_accept_content but never evaluates its value, because celeryconfig modules only evaluate names that are settings or old names without the namespace.",
  },
  { caseId: 'd-celery-namespace-module', subject: 'result backend accepts its settings', reason: 'Follows from the unevaluated value above.' },
  { caseId: 'd-celery-namespace-module', subject: 'broker transport loads', reason: 'Same cause: CELERY_BROKER_URL in the celeryconfig module is used but left unevaluated.' },
  { caseId: 'c0980', subject: 'result_accept_content', reason: 'Same cause (config_from_object(celeryconfig, namespace=CELERY)).' },
  { caseId: 'c0980', subject: 'result backend accepts its settings', reason: 'Follows from the unevaluated value above.' },
  {
    caseId: 'd-broker-kwarg-not-counted',
    subject: 'key broker via kwarg',
    reason:
      "Celery(broker=...) with a module holding broker_url plus two old names: Celery leaves the auto-set broker_url out of the mixing count, settles on the old format, stores the pending broker under BROKER_URL, and the lookup of broker_url finds the module's new-style key first. The engine lets the keyword argument win.",
  },
  { caseId: 'd-broker-kwarg-not-counted', subject: 'key broker_url via source', reason: 'The other half of the same case: the module value is the one Celery uses.' },
];

export function versionDifferenceOf(c: Comparison): DocumentedDifference | undefined {
  return VERSION_DIFFERENCES.find((d) => d.matches(c));
}

export function knownBugOf(c: Comparison): KnownBug | undefined {
  return KNOWN_ENGINE_BUGS.find((b) => b.caseId === c.caseId && c.subject.startsWith(b.subject));
}
