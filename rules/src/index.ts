// The rule pack. Every rule celery-lint ships is listed here, once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from '@celery-lint/core';
import { acceptContentMismatch } from './accept-content-mismatch';
import { beatTaskUnknown } from './beat-task-unknown';
import { brokerConnectionRetryOnStartup } from './broker-connection-retry-on-startup';
import { deprecatedSettingName } from './deprecated-setting-name';
import { hardcodedCredentials } from './hardcoded-credentials';
import { ignoredOldName } from './ignored-old-name';
import { invalidCrontab } from './invalid-crontab';
import { invalidResultBackend } from './invalid-result-backend';
import { invalidSettingType } from './invalid-setting-type';
import { lowercaseInDjangoSettings } from './lowercase-in-django-settings';
import { mixedSettingNames } from './mixed-setting-names';
import { namespaceMissing } from './namespace-missing';
import { noAmqpResultBackend } from './no-amqp-result-backend';
import { pickleSerializer } from './pickle-serializer';
import { redissSslCertReqs } from './rediss-ssl-cert-reqs';
import { softTimeLimitExceedsHard } from './soft-time-limit-exceeds-hard';
import { unknownBrokerTransport } from './unknown-broker-transport';
import { unknownSerializer } from './unknown-serializer';
import { unknownSetting } from './unknown-setting';
import { allowedHostsEmpty } from './django/allowed-hosts-empty';
import { allowedHostsWildcard } from './django/allowed-hosts-wildcard';
import { csrfTrustedOriginWithoutScheme } from './django/csrf-trusted-origin-without-scheme';
import { csrfFailureView } from './django/csrf-failure-view';
import { unknownSilencedCheck } from './django/unknown-silenced-check';
import { secretKeyInSource } from './django/secret-key-in-source';
import { passwordInSource } from './django/password-in-source';
import { removedSetting } from './django/removed-setting';
import { clickjackingMiddlewareMissing } from './django/clickjacking-middleware-missing';
import { contentTypeNosniffOff } from './django/content-type-nosniff-off';
import { crossOriginOpenerPolicyInvalid } from './django/cross-origin-opener-policy-invalid';
import { csrfCookieInsecure } from './django/csrf-cookie-insecure';
import { csrfMiddlewareMissing } from './django/csrf-middleware-missing';
import { debugInDeployment } from './django/debug-in-deployment';
import { debugStringFromEnvironment } from './django/debug-string-from-environment';
import { frameOptionsNotDeny } from './django/frame-options-not-deny';
import { hashingAlgorithmInvalid } from './django/hashing-algorithm-invalid';
import { hstsNotSet } from './django/hsts-not-set';
import { hstsWithoutPreload } from './django/hsts-without-preload';
import { hstsWithoutSubdomains } from './django/hsts-without-subdomains';
import { referrerPolicyInvalid } from './django/referrer-policy-invalid';
import { referrerPolicyUnset } from './django/referrer-policy-unset';
import { securityMiddlewareMissing } from './django/security-middleware-missing';
import { sessionCookieInsecure } from './django/session-cookie-insecure';
import { sessionCookieNotHttponly } from './django/session-cookie-not-httponly';
import { settingsNotSequence } from './django/settings-not-sequence';
import { sslRedirectOff } from './django/ssl-redirect-off';
import { weakSecretKey } from './django/weak-secret-key';
import { weakSecretKeyFallback } from './django/weak-secret-key-fallback';
import { unusedSuppression } from './unused-suppression';
import { workerAsRoot } from './worker-as-root';
import { acksLateConnectionLoss } from './acks-late-connection-loss';
import { autodiscoverMissingModule } from './autodiscover-missing-module';
import { beatScheduleOverwritesDatabase } from './beat-schedule-overwrites-database';
import { crontabEveryMinute } from './crontab-every-minute';
import { djangoResultsMisconfigured } from './django-results-misconfigured';
import { eagerInProduction } from './eager-in-production';
import { prefetchUnlimited } from './prefetch-unlimited';
import { quorumWithoutConfirmPublish } from './quorum-without-confirm-publish';
import { resultBackendMissing } from './result-backend-missing';
import { timezoneMismatch } from './timezone-mismatch';
import { unserializableTaskArgument } from './unserializable-task-argument';
import { visibilityTimeoutTooShort } from './visibility-timeout-too-short';
import { invalidCommandLine } from './invalid-command-line';
import { appNotFound } from './app-not-found';
import { duplicateBeat } from './duplicate-beat';
import { poolOptionMismatch } from './pool-option-mismatch';
import { localhostBrokerInContainer } from './localhost-broker-in-container';

export const allRules: readonly Rule[] = [
  noAmqpResultBackend,
  pickleSerializer,
  acceptContentMismatch,
  namespaceMissing,
  lowercaseInDjangoSettings,
  beatTaskUnknown,
  unknownSetting,
  ignoredOldName,
  mixedSettingNames,
  softTimeLimitExceedsHard,
  brokerConnectionRetryOnStartup,
  workerAsRoot,
  deprecatedSettingName,
  invalidSettingType,
  unknownSerializer,
  invalidResultBackend,
  unknownBrokerTransport,
  redissSslCertReqs,
  invalidCrontab,
  hardcodedCredentials,
  timezoneMismatch,
  visibilityTimeoutTooShort,
  prefetchUnlimited,
  autodiscoverMissingModule,
  resultBackendMissing,
  acksLateConnectionLoss,
  djangoResultsMisconfigured,
  quorumWithoutConfirmPublish,
  beatScheduleOverwritesDatabase,
  eagerInProduction,
  crontabEveryMinute,
  unserializableTaskArgument,
  invalidCommandLine,
  appNotFound,
  duplicateBeat,
  poolOptionMismatch,
  localhostBrokerInContainer,
  unusedSuppression,
  // Django's deploy checks, statically (the django/ pack).
  allowedHostsEmpty,
  allowedHostsWildcard,
  csrfTrustedOriginWithoutScheme,
  csrfFailureView,
  unknownSilencedCheck,
  secretKeyInSource,
  passwordInSource,
  removedSetting,
  clickjackingMiddlewareMissing,
  contentTypeNosniffOff,
  crossOriginOpenerPolicyInvalid,
  csrfCookieInsecure,
  csrfMiddlewareMissing,
  debugInDeployment,
  debugStringFromEnvironment,
  frameOptionsNotDeny,
  hashingAlgorithmInvalid,
  hstsNotSet,
  hstsWithoutPreload,
  hstsWithoutSubdomains,
  referrerPolicyInvalid,
  referrerPolicyUnset,
  securityMiddlewareMissing,
  sessionCookieInsecure,
  sessionCookieNotHttponly,
  settingsNotSequence,
  sslRedirectOff,
  weakSecretKey,
  weakSecretKeyFallback,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));

/**
 * Where a rule's doc page lives in this package: rules/docs/<name>.md. Found
 * through the package when it is installed, else by walking up from this
 * file (the CLI bundle, installed from a packed checkout by pre-commit).
 */
export function ruleDocPath(id: string): string {
  const name = `${id.replace(/^[^/]+\//, '')}.md`;
  try {
    return path.join(path.dirname(require.resolve('@celery-lint/rules/package.json')), 'docs', name);
  } catch {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'rules', 'docs', name);
      if (fs.existsSync(candidate) || path.dirname(dir) === dir) return candidate;
    }
  }
}
