import { parseArgs } from 'node:util';
import { collectorFor, type ServeOptions, serve } from './server.js';

const usage = `surveylet-collector: stores Surveylet answers and shows the results.

  surveylet-collector [options]                      start the collector
  surveylet-collector delete-respondent --visitor-id ID | --user-id ID [--data-dir | --database]
  surveylet-collector purge --retention-days N [--data-dir | --database]

Options:
  --port N              port to listen on (default 8787)
  --host HOST           address to listen on (default 127.0.0.1: this machine only;
                        0.0.0.0 to accept the network)
  --data-dir DIR        PGlite data folder (default .surveylet-data)
  --database URL        postgres://… to use a PostgreSQL server instead
  --read-token TOKEN    key for the results page, API and export (or SURVEYLET_READ_TOKEN);
                        without one a token is made up and printed at start
  --public-results      let anyone read the results (only where nobody else can reach)
  --allow-origin URL    a site allowed to post answers (repeat or comma-separate; default any)
  --rate-limit N        requests per minute per client (default 120; 0 turns it off)
  --trust-proxy N       proxies of yours in front that set X-Forwarded-For (default 0)
  --retention-days N    delete answers older than N days
  --keep-page-query     store page URLs with their query and fragment
  --webhook-url URL     post detractors and unhappy answers here
  --webhook-secret S    Standard Webhooks secret (whsec_…) to sign them (or SURVEYLET_WEBHOOK_SECRET)
  --webhook-format F    json (default) or slack
  --page-url URL        the results page's public URL, so alerts link to the answer's inbox item
  --help                this text
`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  database: { type: 'string' },
  'read-token': { type: 'string' },
  'public-results': { type: 'boolean' },
  'allow-origin': { type: 'string', multiple: true },
  'rate-limit': { type: 'string' },
  'trust-proxy': { type: 'string' },
  'retention-days': { type: 'string' },
  'keep-page-query': { type: 'boolean' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-format': { type: 'string' },
  'page-url': { type: 'string' },
  'visitor-id': { type: 'string' },
  'user-id': { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

class UsageError extends Error {}

function count(values: Values, name: 'port' | 'rate-limit' | 'trust-proxy' | 'retention-days') {
  const text = values[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number (got "${text}")`);
  return n;
}

/** The collector options the flags and the environment ask for. */
export function optionsFrom(values: Values, env = process.env): ServeOptions {
  const rate = count(values, 'rate-limit');
  const format = values['webhook-format'];
  if (format !== undefined && format !== 'json' && format !== 'slack') {
    throw new UsageError(`--webhook-format must be json or slack (got "${format}")`);
  }
  const webhookSecret = values['webhook-secret'] ?? env.SURVEYLET_WEBHOOK_SECRET;
  const database = values.database ?? env.DATABASE_URL;
  if (database && !database.startsWith('postgres')) {
    throw new UsageError(`--database must be a postgres:// URL (got "${database}")`);
  }
  return {
    port: count(values, 'port'),
    host: values.host,
    dataDir: values['data-dir'],
    database: database || undefined,
    readToken: values['read-token'] ?? (env.SURVEYLET_READ_TOKEN || undefined),
    publicResults: values['public-results'],
    allowOrigins: values['allow-origin']?.flatMap((o) => o.split(',').map((s) => s.trim())),
    rateLimit: rate === 0 ? false : rate === undefined ? undefined : { perMinute: rate },
    trustProxy: count(values, 'trust-proxy'),
    retentionDays: count(values, 'retention-days'),
    keepPageQuery: values['keep-page-query'],
    pageUrl: values['page-url'],
    webhook: values['webhook-url']
      ? { url: values['webhook-url'], secret: webhookSecret, format }
      : undefined,
  };
}

/** Runs the command with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCommand(
  argv: string[],
  out: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
    if (values.help) {
      out(usage);
      return 0;
    }
    const settings = optionsFrom(values);
    const [command = 'serve', ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}"`);
    if (command === 'serve') {
      const served = await serve({ ...settings, log: out });
      const stop = async () => {
        out('shutting down');
        await served.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return 0;
    }
    if (command === 'delete-respondent' || command === 'purge') {
      const collector = await collectorFor({
        ...settings,
        publicResults: false,
        readToken: 'unused',
      });
      try {
        if (command === 'purge') {
          if (!settings.retentionDays) throw new UsageError('purge needs --retention-days N');
          out(`deleted ${await collector.purge(settings.retentionDays)} answers`);
        } else {
          const visitorId = values['visitor-id'];
          const userId = values['user-id'];
          if (!visitorId && !userId)
            throw new UsageError('delete-respondent needs --visitor-id or --user-id');
          const n = await collector.deleteRespondent(
            visitorId ? { visitorId } : { userId: userId as string },
          );
          out(`deleted ${n} answers`);
        }
      } finally {
        await collector.close();
      }
      return 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      out(`surveylet-collector: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    out(`surveylet-collector: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
