// What the server tells the user outside diagnostics: log lines at or above
// `celery-lint.logLevel`, and pop-ups as `celery-lint.showNotifications`
// allows. Pop-ups are `window/showMessage` notifications, never
// `window/showMessageRequest`: stock Neovim turns a request into a prompt
// that eats the user's keystrokes until it is answered.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { ClientSettings, LogLevel } from './lint-settings';

const LOG_RANK: Record<LogLevel, number> = { error: 0, warning: 1, info: 2, debug: 3 };

export class Messages {
  /** Messages shown already, so a problem met on every lint is shown once. */
  private readonly shown = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: () => ClientSettings,
  ) {}

  log(level: LogLevel, message: string): void {
    if (LOG_RANK[level] > LOG_RANK[this.settings().logLevel]) return;
    const console = this.connection.console;
    if (level === 'error') console.error(message);
    else if (level === 'warning') console.warn(message);
    else if (level === 'info') console.info(message);
    else console.log(message);
  }

  /** Logs a problem and, if the settings allow, shows it; the same text is shown once until `forget()`. */
  notify(level: 'error' | 'warning' | 'info', message: string): void {
    if (this.shown.has(message)) return;
    this.shown.add(message);
    this.log(level, message);
    const when = this.settings().showNotifications;
    const allowed = when === 'always' || (when === 'onWarning' && level !== 'info') || (when === 'onError' && level === 'error');
    if (!allowed) return;
    const type = level === 'error' ? MessageType.Error : level === 'warning' ? MessageType.Warning : MessageType.Info;
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message: `celery-lint: ${message}` });
  }

  /** After a configuration change, problems may be shown again. */
  forget(): void {
    this.shown.clear();
  }
}
