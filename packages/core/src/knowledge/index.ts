export * from './settings';
export * from './serializers';
export * from './aliases';
export * from './mixing';
export * from './json-encoding';
export * from './django';
export {
  CELERY_RELEASES,
  MAIN,
  NEWEST_RELEASED_LINE,
  compareReleases,
  isCeleryVersion,
  lineOf,
  resolveRelease,
  sourceCommit,
} from './versions';
export type { AliasData, ChangePoint, ExtensionData, ExtensionKeyData, ExtraKeyData, KnowledgeSource, SourceRelease } from './model';
export { KNOWLEDGE_SOURCE } from './celery-settings.data';
export {
  NEWEST_DJANGO_LINE,
  SCANNED_DJANGO_LINES,
  compareDjangoVersions,
  djangoAtLeast,
  djangoCheckIds,
  djangoCheckStanding,
  djangoDefaultIn,
  djangoDefinesCheck,
  djangoHasSetting,
  djangoReleaseFor,
  djangoRemovedIn,
  djangoSettingSpan,
  isDjangoCheckPrefix,
  isDjangoVersion,
} from './django-model';
export type { DjangoChanges, DjangoCheckStanding, DjangoRelease, DjangoSpan } from './django-model';
