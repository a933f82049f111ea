// Reads one parsed file into what configuration it holds: module-level
// settings, Celery apps and everything done to their `conf`, environment
// writes, settings classes, tasks. Nothing here decides what Celery will use;
// configuration.ts does that across files.
//
// Two jobs meet here and are kept apart: the binder (python-binder.ts) walks
// the Python and knows what each name may hold, and the interpreters (Celery
// apps and their conf writes, Flask configs, classes, the environment,
// registrations) say what a statement means for Celery and Django. FileReader
// is the interpreter the binder talks to: it hands each statement to the
// interpreters in the order that settles which one it is, then puts their
// findings together as the file's analysis.
import { byApplicationOrder, type ConfReadAtImport, type FileAnalysis, type Importer, type ModuleExports } from './analysis-model';
import { airflowCeleryDicts } from './airflow-celery';
import type { MethodCall } from './call-shape';
import { CeleryApps } from './celery-apps';
import { classHeader, ClassDefinitions } from './class-definitions';
import { importTimeConfReads, type ImportTimeRead } from './conf-reads';
import { ConfWrites } from './conf-writes';
import { EnvironmentWrites } from './environment-writes';
import { FlaskConfigs } from './flask-config';
import { FlaskConfigWrites } from './flask-config-writes';
import { importedPath, type ImportTarget } from './import-binding';
import { guessModuleKind } from './module-kind';
import type { SyntaxNode, Tree } from './parser';
import { PythonBinder, type CalledFunction, type StatementInterpreter } from './python-binder';
import { Registrations } from './registrations';
import { isCeleryConfigName, moduleBindings } from './setting-names';
import { readSuppressions } from './suppressions';
import { syntaxDiagnostics } from './syntax-diagnostics';
import { LineIndex } from './text';
import type { AbstractValue } from './types';

// The model lives in analysis-model.ts; engine.ts takes the three types it hands around with analyzeFile from here.
export type { FileAnalysis, Importer, ModuleExports } from './analysis-model';

/** Text a module needs to read an app's configuration (conf-reads.ts): `x.conf`, or an app member that finalizes it. */
const MAY_READ_CONFIGURATION = /\.(?:conf\b|finalize\s*\(|tasks\b|log\b|timezone\b|backend\b|pool\b|control\b|now\s*\(|connection_for_write\s*\()/;
const MAY_READ_IMPORTED_APP = /app\.(?:conf\b|finalize\s*\(|tasks\b|log\b|timezone\b|backend\b|pool\b|control\b|now\s*\(|connection_for_write\s*\()/;

/**
 * Text a module needs for calls and assignments inside its functions to say
 * anything (nestedOperations): an app made or configured there (`Celery`, an
 * app's `.conf`, `config_from_`), or a serializer registered through kombu's
 * `serialization` module or its `registry`. `django.conf` (every
 * `from django.conf import settings`) and a bare `register` (Django's admin,
 * template libraries) said nothing of either, and sent half of the bytes of
 * the survey's candidates through that walk: 30.4 MB of 50.8, now 15.4.
 */
function mayOperateInFunctions(text: string): boolean {
  // Substring searches: the one regular expression with these alternatives cost 0.5% of a survey run's engine time.
  return text.includes('Celery') || text.includes('config_from_') || text.includes('serialization') || text.includes('registry') || (text.includes('.conf') && APP_CONF.test(text));
}
const APP_CONF = /(?<!django)\.conf\b/;

/**
 * `trees` is the file's syntax: one tree for the whole text, or (the language
 * server's) pieces parsed over consecutive ranges of it, in order.
 */
export function analyzeFile(
  file: string,
  text: string,
  trees: Tree | readonly Tree[],
  importer?: Importer,
  rememberTrees = false,
  lineIndex?: LineIndex,
): { analysis: FileAnalysis; exports: ModuleExports } {
  const reader = new FileReader(file, text, Array.isArray(trees) ? trees : [trees as Tree], importer, rememberTrees, lineIndex);
  const analysis = reader.read();
  return { analysis, exports: reader.exports() };
}

class FileReader implements StatementInterpreter {
  private readonly binder: PythonBinder;
  private readonly classes: ClassDefinitions;
  private readonly apps: CeleryApps;
  private readonly environment: EnvironmentWrites;
  private readonly confWrites: ConfWrites;
  private readonly flask: FlaskConfigWrites;
  private readonly registrations: Registrations;
  /**
   * Linted files whose settings this module takes in (star imports, includes,
   * an imported settings class), in the order the module takes them.
   */
  private readonly settingsFromFiles = new Set<string>();
  private djceleryLoader = false;

  constructor(
    private readonly file: string,
    private readonly text: string,
    trees: readonly Tree[],
    importer: Importer | undefined,
    rememberTrees: boolean,
    private readonly givenLineIndex?: LineIndex,
  ) {
    const flaskConfigs = new FlaskConfigs();
    this.binder = new PythonBinder(file, text, trees, this, importer, rememberTrees, (path, at) => flaskConfigs.mappingAt(path, at));
    this.classes = new ClassDefinitions(this.binder);
    this.apps = new CeleryApps(this.binder, this.classes);
    this.environment = new EnvironmentWrites(this.binder);
    this.confWrites = new ConfWrites(this.binder, this.apps, this.environment);
    this.flask = new FlaskConfigWrites(this.binder, flaskConfigs, this.classes, importer);
    this.registrations = new Registrations(this.binder);
  }

  read(): FileAnalysis {
    const binder = this.binder;
    const roots = binder.roots;
    binder.read();
    // Apps made and configured inside functions (factories, Flask's make_celery):
    // read with the module's final names.
    if (mayOperateInFunctions(this.text)) for (const root of roots) this.confWrites.nestedOperations(root);
    const apps = this.apps.apps;
    // A module with no app of its own matters only where it reads an app it imports (`app`, `celery_app`, `current_app`).
    const confReads = (apps.size > 0 ? MAY_READ_CONFIGURATION : MAY_READ_IMPORTED_APP).test(this.text) ? importTimeConfReads(roots) : [];
    this.apps.noteFirstReads(confReads);
    const scope = binder.scope;
    const slots = scope.slots();
    const classes = this.classes.classes;
    const kind = guessModuleKind(this.file, slots, apps.size > 0, this.classes.settingsClasses.size > 0, () => scope.importPaths());
    const celeryConfig = scope.get('CELERY_CONFIG');
    const celeryConfigName = celeryConfig?.kind === 'value' ? this.text.slice(celeryConfig.valueSpan.start, celeryConfig.valueSpan.end) : undefined;
    // Built on first use: most files produce no diagnostic that needs positions. The
    // analysis outlives this reader, so its closure holds the text, not the reader.
    let index = this.givenLineIndex;
    const text = this.text;
    const lines = () => (index ??= new LineIndex(text));
    return {
      file: this.file,
      kind,
      // A Django settings module may turn out to be a config module an app loads (roles.ts), whose
      // lowercase names count too; configuration.ts keeps only what Django shows Celery.
      moduleBindings: kind === 'django-settings' || kind === 'celery-config' ? moduleBindings(slots, isCeleryConfigName) : [],
      apps: [...apps.values()].map((app) => ({ ...app, changes: app.changes.sort(byApplicationOrder) })),
      registeredSerializers: this.registrations.serializers,
      djangoSettingsModule: this.environment.djangoSettingsModule,
      environmentWrites: this.environment.writes,
      importedFiles: [...binder.imports.importedFiles],
      settingsFromFiles: [...this.settingsFromFiles],
      unresolvedStarImports: binder.imports.unresolvedStarImports,
      classes,
      settingsClasses: this.classes.settingsClassesFound(),
      djangoConfiguration: this.environment.djangoConfiguration,
      djceleryLoader: this.djceleryLoader,
      confReads: confReads.map((read) => this.withImportPath(read)),
      imports: new Map([...scope.importedNames()].map(([name, path]) => [name, importedPath(path)])),
      celeryConfigClass: celeryConfigName !== undefined && classes.has(celeryConfigName) ? celeryConfigName : undefined,
      ...(this.text.includes('DEFAULT_CELERY_CONFIG') ? { airflowCeleryDicts: airflowCeleryDicts(slots, this.text, (name) => scope.importOf(name)) } : {}),
      tasks: this.registrations.tasks,
      suppressions: readSuppressions(this.file, this.text, roots, lines),
      diagnostics: syntaxDiagnostics(this.file, binder.brokenRoot, lines),
      get lineIndex() {
        return lines();
      },
    };
  }

  /** What other modules can import from this one, once it has been read. */
  exports(): ModuleExports {
    return { scope: this.binder.scope, classes: this.classes.classes, celerySubclasses: this.apps.celerySubclasses, settingsClasses: this.classes.settingsClasses };
  }

  // -------------------------------------------------------------------------
  // StatementInterpreter: which interpreter a statement is for

  readsAssignedCall(fn: CalledFunction): boolean {
    return this.apps.mayConstructApp(fn) || this.flask.mayConstruct(fn);
  }

  assigning(targets: readonly SyntaxNode[], value: SyntaxNode): void {
    this.apps.assigning(targets, value);
    this.flask.assigning(targets, value);
  }

  assignedAttribute(target: SyntaxNode, valueNode: SyntaxNode, value: AbstractValue): void {
    this.confWrites.attributeAssigned(target, valueNode, value);
  }

  assignedItem(target: SyntaxNode, container: SyntaxNode, index: SyntaxNode, key: AbstractValue, valueNode: SyntaxNode, value: AbstractValue): boolean {
    if (this.environment.itemAssigned(container, key, value, target)) return true;
    const conf = this.apps.confReceiver(container);
    if (this.flask.itemAssigned(container, key, value)) return true;
    if (!conf) return false;
    this.confWrites.itemAssigned(conf, target, index, key, valueNode, value);
    return true;
  }

  classDefined(node: SyntaxNode): void {
    const header = classHeader(node);
    if (!header) return;
    if (header.bases.some((b) => this.apps.isCeleryClass(b))) this.apps.readCelerySubclass(header);
    else this.classes.read(header);
  }

  decoratedFunction(decorated: SyntaxNode, definition: SyntaxNode): void {
    this.registrations.recordTask(decorated, definition);
  }

  functionCall(node: SyntaxNode, fn: SyntaxNode | null): void {
    if (fn && this.binder.evaluator.dottedPath(fn) === 'split_settings.tools.include') this.binder.imports.splitSettingsInclude(node);
    else this.registrations.serializer(node);
  }

  methodCall(call: MethodCall): boolean {
    const { method, receiver, positional } = call;
    if (method === 'load_settings' && receiver?.type === 'identifier' && positional[0]?.text === '__name__' && this.classes.loadClassSettings(receiver.text)) return true;
    if (this.flask.methodCall(call) || this.confWrites.methodCall(call)) return true;
    const path = this.binder.evaluator.dottedPath(call.fn);
    // django-celery's loader (Celery 3) reads Django settings without a namespace.
    if (path === 'djcelery.setup_loader') this.djceleryLoader = true;
    return this.environment.methodCall(path, call);
  }

  otherMethodCall(node: SyntaxNode): void {
    this.registrations.serializer(node);
  }

  nameImported(local: string, name: string, file: string, exports: ModuleExports): void {
    if (this.classes.nameImported(local, name, exports)) this.settingsFromFiles.add(file);
    this.apps.nameImported(local, name, exports);
  }

  starImported(target: ImportTarget | undefined): void {
    if (!target) return;
    this.settingsFromFiles.add(target.file);
    if (!target.exports) return;
    this.classes.starImported(target.exports);
    this.apps.starImported(target.exports);
  }

  private withImportPath(read: ImportTimeRead): ConfReadAtImport {
    const head = /^\w+/.exec(read.receiver)?.[0];
    const rest = head === undefined ? undefined : read.receiver.slice(head.length);
    const recorded = head === undefined ? undefined : this.binder.scope.importOf(head);
    const path = recorded === undefined ? undefined : importedPath(recorded);
    return path !== undefined && /^(\.\w+)*$/.test(rest!) ? { ...read, imported: path + rest } : read;
  }
}
