import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowestAdmitted, normalizeName, parseRequirement } from '../src/pins/requirement-specifier';

const lowest = (spec: string) => lowestAdmitted(spec)?.version;

test('a range admits its floor: the oldest release the project must work on', () => {
  assert.equal(lowest('~=5.6'), '5.6');
  assert.equal(lowest('~=5.3.1'), '5.3.1');
  assert.equal(lowest('^5.3.6'), '5.3.6');
  assert.equal(lowest('>=4.4,<5'), '4.4');
  assert.equal(lowest('<5,>=4.4'), '4.4');
  assert.equal(lowest('>=4.4, !=4.4.1, <5.0'), '4.4');
  assert.equal(lowest('==5.2.*'), '5.2');
  assert.equal(lowest('>=5'), '5.0');
  assert.equal(lowest('>= 4.4 < 5'), '4.4');
  assert.equal(lowest('~5.3'), '5.3');
  assert.equal(lowest('5.3'), '5.3');
  assert.equal(lowest('>=4.0,>=4.4.2'), '4.4.2');
});

test('Poetry alternatives admit the lowest of their floors', () => {
  assert.equal(lowest('^4.4 || ^5.2'), '4.4');
  assert.equal(lowestAdmitted('==5.2.7 || ==5.3.0')?.exact, false);
});

test('an exact pin names a release; pre-releases and post-releases read as their release', () => {
  assert.deepEqual(lowestAdmitted('==5.2.7'), { version: '5.2.7', exact: true });
  assert.deepEqual(lowestAdmitted('===3.1.26.post2'), { version: '3.1.26', exact: true });
  assert.deepEqual(lowestAdmitted('==5.3.0rc1'), { version: '5.3.0', exact: true });
  assert.equal(lowestAdmitted('==5.2')?.exact, false);
  assert.equal(lowestAdmitted('>=5.2.7')?.exact, false);
});

test('a specifier with no floor admits no version to target', () => {
  for (const spec of ['', '*', '<5', '<=5.2', '!=4.0', 'latest']) assert.equal(lowestAdmitted(spec), undefined, spec);
});

test('PEP 508 lines: extras, markers and parentheses are read; VCS references and paths are not pins', () => {
  assert.deepEqual(parseRequirement('celery[redis,sqs]>=5.3,<6 ; python_version >= "3.8"'), { name: 'celery', specifier: '>=5.3,<6' });
  assert.deepEqual(parseRequirement('Django (>=3.2,<4)'), { name: 'django', specifier: '>=3.2,<4' });
  assert.deepEqual(parseRequirement('celery'), { name: 'celery', specifier: '' });
  assert.equal(parseRequirement('celery @ git+https://github.com/celery/celery.git'), undefined);
  assert.equal(parseRequirement('./vendor/celery'), undefined);
  assert.equal(parseRequirement('https://example.com/downloads/'), undefined);
  assert.equal(parseRequirement('celery @ https://example.com/django-4.2.0.tar.gz'), undefined, 'an archive of another distribution');
  assert.equal(normalizeName('Django_Celery.Beat'), 'django-celery-beat');
});

test('a URL to a release archive pins the release its file name says, as pip installs it', () => {
  // WebODM's requirements.txt installs its own build of Celery 4.4.0.
  assert.deepEqual(parseRequirement('https://github.com/WebODM/WebODM/releases/download/v3.1.1/celery-4.4.0-pytz.zip'), { name: 'celery', specifier: '==4.4.0' });
  assert.deepEqual(parseRequirement('https://example.com/celery-5.3.tar.gz'), { name: 'celery', specifier: '==5.3' });
  assert.deepEqual(parseRequirement('https://files.example/django_celery_beat-2.5.0-py3-none-any.whl#sha256=00'), { name: 'django-celery-beat', specifier: '==2.5.0' });
  assert.deepEqual(parseRequirement('https://example.com/django-celery-beat-2.0.0.tar.gz'), { name: 'django-celery-beat', specifier: '==2.0.0' });
  assert.deepEqual(parseRequirement('Django @ https://example.com/Django-4.2.11.tar.gz'), { name: 'django', specifier: '==4.2.11' });
});
