// Hand-written projects, one or more per way configuration reaches an app
// (issue 13's items), each read by real Celery (model_probe.py) and by the
// engine. `settings`: what to compare, both as `app.conf[name]` and as the
// Settings property `app.conf.name` (environment and fallbacks).

export interface ModelCase {
  readonly id: string;
  /** The issue item it proves. */
  readonly item: number;
  /** Relative path -> text. */
  readonly files: Readonly<Record<string, string>>;
  /** The module the app is made in (dotted), and its file. */
  readonly entry: string;
  readonly settings: readonly string[];
}

const app = (entry: string, body: string): Record<string, string> => ({ [`${entry.replace(/\./g, '/')}.py`]: body });

export const MODEL_CASES: readonly ModelCase[] = [
  {
    id: 'env-write-beats-config',
    item: 1,
    entry: 'proj',
    files: {
      ...app('proj', "import os\nfrom celery import Celery\nos.environ['CELERY_BROKER_URL'] = 'redis://env/0'\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n"),
      'celeryconfig.py': "broker_url = 'redis://config/0'\nresult_backend = 'rpc://'\n",
    },
    settings: ['broker_url', 'broker_read_url', 'broker_write_url', 'result_backend'],
  },
  {
    id: 'env-setdefault-and-empty',
    item: 1,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "import os\nfrom celery import Celery\nos.environ.setdefault('CELERY_RESULT_BACKEND', 'redis://env/1')\nos.environ['CELERY_BROKER_URL'] = ''\napp = Celery('proj', broker='redis://kwarg/0')\napp.conf.result_backend = 'rpc://'\n",
      ),
    },
    settings: ['broker_url', 'result_backend'],
  },
  {
    id: 'fallback-broker-host',
    item: 2,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n"),
      'celeryconfig.py': "broker_url = None\nbroker_host = 'redis://host/0'\ntask_default_queue = 'work'\n",
    },
    settings: ['broker_url', 'broker_read_url', 'task_default_exchange', 'task_default_routing_key'],
  },
  {
    id: 'fallback-time-zone-keys',
    item: 2,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n"),
      'celeryconfig.py': "time_zone = 'Europe/Paris'\nTIME_ZONE = 'Asia/Tokyo'\n",
    },
    settings: ['timezone'],
  },
  {
    id: 'fallback-result-backend-literal-key',
    item: 2,
    entry: 'proj.celery',
    files: {
      'proj/__init__.py': '',
      ...app('proj.celery', "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='MYAPP')\n"),
      'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_RESULT_BACKEND = 'rpc://'\nMYAPP_BROKER_URL = 'memory://'\nMYAPP_TASK_SERIALIZER = 'pickle'\nTIME_ZONE = 'Europe/Oslo'\n",
    },
    settings: ['result_backend', 'broker_url', 'task_serializer', 'timezone'],
  },
  {
    id: 'kwarg-none-sets-nothing',
    item: 4,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj', broker=None, result_backend=None, task_serializer=None)\napp.config_from_object('celeryconfig')\n"),
      'celeryconfig.py': "broker_url = 'redis://config/0'\nresult_backend = 'rpc://'\ntask_serializer = 'pickle'\n",
    },
    settings: ['broker_url', 'result_backend', 'task_serializer'],
  },
  {
    id: 'mixed-case-namespace',
    item: 3,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj', namespace='Celery')\napp.config_from_object('celeryconfig', namespace=None)\n"),
      'celeryconfig.py': "celery_task_serializer = 'pickle'\nCELERY_RESULT_SERIALIZER = 'yaml'\nCELERY_TASK_ACKS_LATE = True\n",
    },
    settings: ['task_serializer', 'result_serializer', 'task_acks_late'],
  },
  {
    id: 'pending-later-insertion-wins',
    item: 5,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\napp = Celery('proj')\napp.conf.CELERY_ALWAYS_EAGER = 1\napp.conf.task_always_eager = 2\napp.conf.CELERY_ALWAYS_EAGER = 3\napp.conf.update(task_serializer='yaml')\n",
      ),
    },
    settings: ['task_always_eager', 'task_serializer'],
  },
  {
    id: 'pending-namespaced-loses-to-settings',
    item: 5,
    entry: 'proj.celery',
    files: {
      'proj/__init__.py': '',
      ...app(
        'proj.celery',
        "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.conf.update(CELERY_TASK_SERIALIZER='yaml', CELERY_RESULT_SERIALIZER='yaml')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n",
      ),
      'proj/settings.py': "SECRET_KEY = 'x'\nCELERY_TASK_SERIALIZER = 'pickle'\n",
    },
    settings: ['task_serializer', 'result_serializer'],
  },
  {
    id: 'update-mapping-applies-where-called',
    item: 7,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\nSETTINGS = {'task_serializer': 'yaml'}\nPAIRS = [('result_serializer', 'pickle'), ('task_acks_late', True)]\napp = Celery('proj')\napp.conf.task_serializer = 'pickle'\napp.conf.update(SETTINGS)\napp.conf.update(PAIRS)\napp.conf.update(**{'task_default_queue': 'q'})\n",
      ),
    },
    settings: ['task_serializer', 'result_serializer', 'task_acks_late', 'task_default_queue'],
  },
  {
    id: 'setdefault-and-add-defaults',
    item: 7,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.conf.task_serializer = 'yaml'\napp.conf.setdefault('task_serializer', 'pickle')\napp.conf.setdefault('result_serializer', 'pickle')\napp.add_defaults({'event_serializer': 'pickle', 'accept_content': ['pickle']})\napp.add_defaults({'event_serializer': 'yaml'})\napp.conf.update(accept_content=['json', 'yaml'])\n",
      ),
      'celeryconfig.py': "event_serializer = 'msgpack'\naccept_content = ['json']\ntask_default_queue = 'q'\n",
    },
    settings: ['task_serializer', 'result_serializer', 'event_serializer', 'accept_content', 'task_default_queue'],
  },
  {
    id: 'writes-after-first-read',
    item: 6,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\napp = Celery('proj')\napp.conf.update(task_always_eager=True)\nSERIALIZER = app.conf.task_serializer\napp.conf.update(CELERY_TASK_SERIALIZER='pickle', CELERYD_CONCURRENCY=3, result_serializer='yaml')\n",
      ),
    },
    settings: ['task_always_eager', 'task_serializer', 'worker_concurrency', 'result_serializer'],
  },
  {
    id: 'config-from-object-after-read-reloads',
    item: 6,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\napp = Celery('proj')\napp.conf.event_serializer = 'yaml'\napp.config_from_object('first')\nprint(app.conf['task_serializer'])\napp.conf.result_serializer = 'pickle'\napp.config_from_object('second')\napp.conf.task_acks_late = True\n",
      ),
      'first.py': "task_serializer = 'yaml'\nresult_backend = 'rpc://'\n",
      'second.py': "task_serializer = 'msgpack'\n",
    },
    settings: ['task_serializer', 'result_serializer', 'event_serializer', 'result_backend', 'task_acks_late'],
  },
  {
    id: 'config-from-envvar-the-project-sets',
    item: 7,
    entry: 'proj',
    files: {
      ...app('proj', "import os\nfrom celery import Celery\nos.environ['PROJ_CELERY_CONFIG'] = 'celeryconfig'\napp = Celery('proj')\napp.config_from_envvar('PROJ_CELERY_CONFIG')\n"),
      'celeryconfig.py': "task_serializer = 'pickle'\n",
    },
    settings: ['task_serializer'],
  },
  {
    id: 'config-source-dict-and-class',
    item: 7,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\nCONFIG = {'task_serializer': 'pickle', 'CELERY_RESULT_SERIALIZER': 'yaml'}\napp = Celery('proj', config_source=CONFIG)\n"),
    },
    settings: ['task_serializer', 'result_serializer'],
  },
  {
    id: 'values-folded',
    item: 8,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n"),
      'consts.py': "QUEUE = 'work'\nHOST = 'cache'\n",
      'celeryconfig.py':
        "import os\nfrom consts import QUEUE, HOST\n" +
        "task_always_eager = os.environ.get('PROJ_EAGER', 'False') == 'True'\n" +
        "worker_concurrency = int(os.environ.get('PROJ_CONCURRENCY', '4'))\n" +
        "result_expires = float('3600')\n" +
        "task_acks_late = bool(os.environ.get('PROJ_ACKS', ''))\n" +
        "broker_url = 'REDIS://Host:6379/'.lower().rstrip('/')\n" +
        "result_backend = 'redis://{}:6379/1'.format(HOST).replace('cache', 'db')\n" +
        "task_default_queue = os.environ.get('PROJ_QUEUE', QUEUE) + '-q'\n" +
        "task_serializer, result_serializer = 'json', 'yaml'\n" +
        "worker_prefetch_multiplier = str(2) == '2'\n",
    },
    settings: [
      'task_always_eager',
      'worker_concurrency',
      'result_expires',
      'task_acks_late',
      'broker_url',
      'result_backend',
      'task_default_queue',
      'task_serializer',
      'result_serializer',
      'worker_prefetch_multiplier',
    ],
  },
  {
    id: 'add-defaults-lost-on-reload',
    item: 7,
    entry: 'proj',
    files: {
      ...app(
        'proj',
        "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\napp.add_defaults({'result_serializer': 'pickle'})\nREAD = app.conf['task_serializer']\napp.add_defaults({'task_default_queue': 'later'})\napp.config_from_object('celeryconfig')\napp.add_defaults({'event_serializer': 'yaml'})\n",
      ),
      'celeryconfig.py': "task_serializer = 'json'\n",
    },
    settings: ['result_serializer', 'task_default_queue', 'event_serializer', 'task_serializer'],
  },
  {
    id: 'namespaced-fallback-keys-django',
    item: 2,
    entry: 'proj.celery',
    files: {
      'proj/__init__.py': '',
      ...app('proj.celery', "import os\nfrom celery import Celery\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='MYAPP')\n"),
      'proj/settings.py': "SECRET_KEY = 'x'\nMYAPP_TIMEZONE = None\nMYAPP_TIME_ZONE = 'Asia/Tokyo'\nMYAPP_BROKER_URL = None\nMYAPP_BROKER_HOST = 'redis://fallback/0'\n",
    },
    settings: ['timezone', 'broker_url'],
  },
  {
    id: 'namespaced-fallback-keys-module',
    item: 2,
    entry: 'proj',
    files: {
      ...app('proj', "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig', namespace='TASKS')\n"),
      'celeryconfig.py': "TASKS_TIME_ZONE = 'Europe/Oslo'\nTASKS_CELERY_RESULT_BACKEND = 'rpc://'\n",
    },
    settings: ['timezone', 'result_backend'],
  },
];
